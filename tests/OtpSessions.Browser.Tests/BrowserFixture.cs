using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using OtpSessions.FakeAcs;
using OtpSessions.LocalHost;
using OtpSessions.Testing;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace OtpSessions.Browser.Tests;

/// <summary>
/// One stack of the browser tests, on free ports: the app (<see cref="TestStack"/>: a real in-memory Azurite, the
/// signature-checking fake ACS and the local host at <c>http://127.0.0.1:{port}/api</c>), on a clock tests may move
/// (<see cref="ShiftableClock"/>), and the built web client at <c>http://localhost:{port}</c> (another origin, so every API
/// call is a real CORS request, allowed by <c>Host:CORS</c>); its pages open in fresh profiles of headless Chromium.
/// Every URL the browser requests is recorded, so tests can prove that no token ever travels in one.
/// </summary>
public abstract partial class BrowserStack : IAsyncLifetime
{
    private TestStack? _stack;
    private WebClientServer? _web;

    private TestStack Stack => _stack ?? throw new InvalidOperationException("Not started.");

    public FakeAcsServer Acs => Stack.Acs;

    public ShiftableClock Clock { get; } = new();

    public Uri ApiUrl => Stack.BaseUrl;

    public Uri WebUrl { get; private set; } = null!;

    /// <summary>The Chromium this stack's pages open in.</summary>
    public abstract IBrowser Browser { get; }

    /// <summary>Every URL any page of this stack requested (documents, scripts, API calls).</summary>
    public ConcurrentQueue<string> RequestedUrls { get; } = new();

    public static string Setting(string key) => TestStack.Setting(key);

    public virtual async Task InitializeAsync()
    {
        var dist = Path.Combine(RepositoryRoot.Path, "web", "dist");
        WebUrl = new Uri($"http://localhost:{FreePort.Next()}");
        var webOrigin = WebUrl.GetLeftPart(UriPartial.Authority);

        _stack = await TestStack.StartAsync(new TestStackOptions
        {
            Clock = Clock,
            Args = [$"--Web:BaseUrl={webOrigin}", $"--Host:CORS={webOrigin}"],
            Configure = builder => builder.Logging.SetMinimumLevel(LogLevel.Warning),
        });
        using (var http = new HttpClient { BaseAddress = ApiUrl })
        {
            // Warm the app up (storage reachable, first requests compiled) before any browser waits on it.
            await Poll.UntilAsync(async () => (await http.GetAsync("/api/health")).IsSuccessStatusCode, "the app's health", TimeSpan.FromSeconds(60));
        }

        _web = await WebClientServer.StartAsync(dist, WebUrl, new
        {
            apiBaseUrl = new Uri(ApiUrl, "api").ToString(),
            organisation = "Contoso Bank (test)",
            agentSignIn = new { mode = "development" },
        });
    }

    public virtual async Task DisposeAsync()
    {
        if (_web is not null)
        {
            await _web.DisposeAsync();
        }
        if (_stack is not null)
        {
            await _stack.DisposeAsync();
        }
    }

    /// <summary>A fresh browser profile (its own storage) whose requests are recorded; its clock agrees with the app's.</summary>
    public async Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions? options = null)
    {
        var context = await Browser.NewContextAsync(options ?? new BrowserNewContextOptions { ViewportSize = new() { Width = 1280, Height = 900 } });
        context.Request += (_, request) => RequestedUrls.Enqueue(request.Url);
        context.SetDefaultTimeout(30_000);
        if (Clock.Offset != TimeSpan.Zero)
        {
            await context.Clock.InstallAsync(new ClockInstallOptions { TimeDate = Clock.GetUtcNow().UtcDateTime });
        }
        return context;
    }

    /// <summary>A phone-sized profile (the customer's phone).</summary>
    public Task<IBrowserContext> NewPhoneContextAsync(string locale = "en-US") => NewContextAsync(new BrowserNewContextOptions
    {
        ViewportSize = new() { Width = 390, Height = 844 },
        DeviceScaleFactor = 2,
        IsMobile = true,
        HasTouch = true,
        Locale = locale,
    });

    /// <summary>Saves a screenshot as a test artifact: <c>.artifacts/screenshots/{name}.png</c> (git-ignored).</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var dir = Path.Combine(RepositoryRoot.Path, ".artifacts", "screenshots");
        Directory.CreateDirectory(dir);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, name + ".png"), FullPage = true });
    }

    /// <summary>
    /// A screenshot for the docs: always under <c>.artifacts/screenshots/</c>, and into <c>docs/images/</c> when
    /// <c>OTP_UPDATE_DOCS_IMAGES=1</c> (so an ordinary run leaves the repository untouched).
    /// </summary>
    public static async Task DocsImageAsync(IPage page, string name)
    {
        await ScreenshotAsync(page, name);
        if (Environment.GetEnvironmentVariable("OTP_UPDATE_DOCS_IMAGES") == "1")
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepositoryRoot.Path, "docs", "images", name + ".png"), FullPage = true });
        }
    }

    /// <summary>The "not me" link in a message: <c>{web}/not-me#{reportToken}</c>.</summary>
    public static string NotMeLinkIn(RecordedMessage message) =>
        NotMePattern().Match(message.Body ?? message.Text ?? "") is { Success: true } m ? m.Value : throw new InvalidOperationException("No not-me link in the message.");

    /// <summary>
    /// Runs axe-core (every rule it runs by default) on the page's document: no serious or critical violation may remain.
    /// axe-core goes into a document once and is run there directly: <c>page.RunAxe()</c> of Deque.AxeCore.Playwright sends
    /// the 650 kB script into the page again on every run, and once more into a blank page it opens to merge the results
    /// of the frames — about three seconds of Chromium's CPU a check, most of the browser tests' time on two cores. Our
    /// pages have no frames (asserted, so that a page that gets one cannot go unchecked), so the direct run sees all of it.
    /// </summary>
    public static async Task AssertAccessibleAsync(IPage page, string state)
    {
        Assert.True(page.Frames.Count == 1, $"'{state}' has frames: check them too");
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe?.run === 'function'"))
        {
            await page.EvaluateAsync($"() => {{ {AxeScript.Value} }}");
        }
        var violations = JsonSerializer.Deserialize<AxeViolation[]>(await page.EvaluateAsync<string>("""
            async () => JSON.stringify((await window.axe.run(document, { resultTypes: ['violations'] })).violations.map(v => ({
              id: v.id, impact: v.impact ?? '', help: v.help, targets: v.nodes.map(n => JSON.stringify(n.target)),
            })))
            """), JsonSerializerOptions.Web)!;
        var severe = violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(severe.Count == 0, $"axe-core on '{state}': " + string.Join("; ", severe.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Targets)}")));
    }

    /// <summary>The axe-core build the Deque packages ship (<c>axe.min.js</c>, embedded in Deque.AxeCore.Commons).</summary>
    private static readonly Lazy<string> AxeScript = new(() =>
    {
        using var stream = typeof(AxeResult).Assembly.GetManifestResourceStream("Deque.AxeCore.Commons.Resources.axe.min.js")
            ?? throw new InvalidOperationException("axe.min.js is not embedded in Deque.AxeCore.Commons.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>One violation as axe-core reports it (the parts a failure message names).</summary>
    private sealed record AxeViolation(string Id, string Impact, string Help, string[] Targets);

    /// <summary>
    /// No URL any page requested holds one of the tokens: invite tokens (fragment only), access tokens and the agent's
    /// token (Authorization header only). The agent token is read from the console's storage when a page is given.
    /// </summary>
    public async Task AssertNoTokenInAnyUrlAsync(IPage? console, params string[] tokens)
    {
        var secrets = tokens.ToList();
        if (console is not null)
        {
            secrets.Add(await console.EvaluateAsync<string>("() => sessionStorage.getItem('otp-sessions.agent') ?? ''"));
        }
        secrets.RemoveAll(string.IsNullOrEmpty);
        Assert.NotEmpty(RequestedUrls);
        foreach (var url in RequestedUrls)
        {
            var decoded = Uri.UnescapeDataString(url);
            var path = decoded.Split('#')[0];  // a fragment is never sent; the link's own URL holds the token there
            Assert.DoesNotContain(secrets, secret => path.Contains(secret, StringComparison.Ordinal));
        }
    }

    public string AgentToken(string agentId, string? team = null, params string[] roles) =>
        Stack.AgentToken(agentId, team, DevAgentToken.RolesOrDefault(roles), TimeSpan.FromHours(1));

    /// <summary>An HTTP client acting for an agent (for setting up what a test does not drive through the console).</summary>
    public HttpClient Agent(string agentId, string? team = null, params string[] roles) => Stack.Agent(agentId, team, roles);

    public Task<IReadOnlyList<RecordedMessage>> WaitForMessagesAsync(string address, int count = 1) => Stack.WaitForMessagesAsync(address, count);

    /// <summary>The invite link in a message: <c>{web}/join#{token}</c>.</summary>
    public static string LinkIn(RecordedMessage message) =>
        LinkPattern().Match(message.Body ?? message.Text ?? "") is { Success: true } m ? m.Value : throw new InvalidOperationException("No invite link in the message.");

    /// <summary>The code in an OTP message (the last line is <c>@host #code</c>).</summary>
    public static string CodeIn(RecordedMessage message) =>
        CodePattern().Match(message.Body ?? message.Text ?? "") is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("No code in the message.");

    /// <summary>A unique phone number and email address for one test's person.</summary>
    public static (string Phone, string Email) NewContact()
    {
        var n = RandomNumberGenerator.GetInt32(2_000_000, 10_000_000);  // a North American exchange starts with 2–9
        return ($"+1415{n}", $"person{n}@example.com");
    }

    [GeneratedRegex(@"https?://[^\s""<>]+/join#[A-Za-z0-9_-]+")]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"https?://[^\s""<>]+/not-me#[A-Za-z0-9_-]{22}")]
    private static partial Regex NotMePattern();

    [GeneratedRegex(@"#(\d{6,10})\b")]
    private static partial Regex CodePattern();
}

/// <summary>
/// The browser collection's fixture: one Chromium for every test class (each test opens fresh profiles in it) and one
/// stack shared by the classes that leave the clock alone (their tests use their own agents, teams and addresses).
/// </summary>
public sealed class BrowserFixture : BrowserStack
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public override IBrowser Browser => _browser ?? throw new InvalidOperationException("Chromium is not running.");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // Generous waits: CI shares two cores with the app, Azurite and the browser. Waits end as soon as the condition holds.
        SetDefaultExpectTimeout(30_000);
        _playwright = await Playwright.CreateAsync();
        var executable = ChromiumLocator.Find();
        try
        {
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = executable,
                Headless = true,
                Args = ChromiumLocator.LaunchArguments,
            });
        }
        catch (PlaywrightException e) when (executable is null)
        {
            throw new InvalidOperationException(ChromiumLocator.InstallHint, e);
        }
    }

    public override async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }
        _playwright?.Dispose();
        await base.DisposeAsync();
    }
}

/// <summary>
/// A stack of its own for a test class that moves the clock (<see cref="ShiftableClock.Advance"/>), so that no other
/// class sees the time it moved to; its pages open in the collection's Chromium.
/// </summary>
public sealed class OwnStackFixture(BrowserFixture collection) : BrowserStack
{
    public override IBrowser Browser => collection.Browser;
}

/// <summary>
/// Browser test classes run one after another, on the collection's Chromium and its shared stack
/// (<see cref="BrowserFixture"/>), or on a stack of their own (<see cref="OwnStackFixture"/>).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
