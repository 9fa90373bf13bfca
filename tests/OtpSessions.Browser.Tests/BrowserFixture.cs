using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using OtpSessions.FakeAcs;
using OtpSessions.LocalHost;
using OtpSessions.Testing;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace OtpSessions.Browser.Tests;

/// <summary>
/// A whole stack per test class, on free ports: a real in-memory Azurite, the signature-checking fake ACS, the local
/// host serving the app at <c>http://127.0.0.1:{port}/api</c>, the built web client at <c>http://localhost:{port}</c>
/// (another origin, so every API call is a real CORS request, allowed by <c>Host:CORS</c>), and headless Chromium.
/// Every URL the browser requests is recorded, so tests can prove that no token ever travels in one.
/// </summary>
public sealed partial class BrowserFixture : IAsyncLifetime
{
    private WebApplication? _api;
    private WebClientServer? _web;
    private IPlaywright? _playwright;

    public Azurite Azurite { get; } = new();

    public FakeAcsServer Acs { get; private set; } = null!;

    public ShiftableClock Clock { get; } = new();

    public Uri ApiUrl { get; private set; } = null!;

    public Uri WebUrl { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Every URL any page of this fixture requested (documents, scripts, API calls).</summary>
    public ConcurrentQueue<string> RequestedUrls { get; } = new();

    private readonly Dictionary<string, string?> _sample = ReadSample();

    public string Setting(string key) => _sample[key] ?? throw new InvalidOperationException($"{key} is not in the settings sample.");

    public async Task InitializeAsync()
    {
        var dist = Path.Combine(RepositoryRoot.Path, "web", "dist");
        WebUrl = new Uri($"http://localhost:{FreePort.Next()}");
        var webOrigin = WebUrl.GetLeftPart(UriPartial.Authority);

        await Azurite.InitializeAsync();
        Acs = new FakeAcsServer(new FakeAcsOptions { AccessKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), TimeProvider = Clock });
        await Acs.StartAsync();
        _api = LocalFunctionsHost.Build(
            [
                $"--LocalHost:Settings={Path.Combine(RepositoryRoot.Path, "local.settings.sample.json")}",
                $"--AzureWebJobsStorage={Azurite.ConnectionString}",
                $"--Acs:ConnectionString={Acs.ConnectionString}",
                $"--Web:BaseUrl={webOrigin}",
                $"--Host:CORS={webOrigin}",
                "--port=0",
            ],
            configure: builder =>
            {
                builder.Services.RemoveAll<TimeProvider>();
                builder.Services.AddSingleton<TimeProvider>(Clock);
                builder.Logging.SetMinimumLevel(LogLevel.Warning);
            });
        await _api.StartAsync();
        ApiUrl = new Uri(_api.Urls.Single());
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

        // Generous waits: CI shares two cores with the app, Azurite and the browser. Waits end as soon as the condition holds.
        SetDefaultExpectTimeout(30_000);
        _playwright = await Playwright.CreateAsync();
        var executable = ChromiumLocator.Find();
        try
        {
            Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
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

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        _playwright?.Dispose();
        if (_web is not null)
        {
            await _web.DisposeAsync();
        }
        if (_api is not null)
        {
            await _api.StopAsync();
            await _api.DisposeAsync();
        }
        if (Acs is not null)
        {
            await Acs.DisposeAsync();
        }
        await Azurite.DisposeAsync();
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

    /// <summary>Runs axe-core on the page: no serious or critical violation may remain.</summary>
    public static async Task AssertAccessibleAsync(IPage page, string state)
    {
        var result = await page.RunAxe();
        var severe = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(severe.Count == 0, $"axe-core on '{state}': " + string.Join("; ", severe.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));
    }

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
        DevAgentToken.Create(Setting("Auth__Agents__Issuer"), Setting("Auth__Agents__Audience"), Setting("Auth__Agents__SigningKey"),
            agentId, team, DevAgentToken.RolesOrDefault(roles), Clock.GetUtcNow().UtcDateTime, TimeSpan.FromHours(1));

    /// <summary>An HTTP client acting for an agent (for setting up what a test does not drive through the console).</summary>
    public HttpClient Agent(string agentId, string? team = null, params string[] roles)
    {
        var client = new HttpClient { BaseAddress = ApiUrl };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AgentToken(agentId, team, roles));
        return client;
    }

    public Task<IReadOnlyList<RecordedMessage>> WaitForMessagesAsync(string address, int count = 1) =>
        Poll.UntilAsync(() => Task.FromResult(Acs.State.Messages(address)), m => m.Count >= count, $"{count} message(s) to {address}");

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

    [GeneratedRegex(@"#(\d{6,10})\b")]
    private static partial Regex CodePattern();

    private static Dictionary<string, string?> ReadSample()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "local.settings.sample.json")));
        return document.RootElement.GetProperty("Values").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
    }
}

/// <summary>Browser test classes run one after another (each starts its own stack and browser).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection
{
    public const string Name = "browser";
}
