using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Playwright;
using OtpSessions.Testing;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace OtpSessions.Browser.Tests;

/// <summary>
/// The pages work under the Content-Security-Policy Static Web Apps sends (web/public/staticwebapp.config.json, completed
/// with the API's origin by the deploy script; <see cref="WebClientServer"/> serves exactly that header): every
/// violation the browser reports (<c>securitypolicyviolation</c> events, and its console) is recorded while the index
/// page, the join page and the console are walked, and none may occur. The negative control proves the recorder sees one.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ContentSecurityPolicyTests(BrowserFixture fixture)
{
    private const string ReportViolations = """
        document.addEventListener('securitypolicyviolation', e =>
          window.reportCspViolation(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} in ${e.documentURI}`));
        """;

    private static async Task<ConcurrentQueue<string>> RecordViolationsAsync(IBrowserContext context)
    {
        var violations = new ConcurrentQueue<string>();
        await context.ExposeFunctionAsync("reportCspViolation", (string violation) => violations.Enqueue(violation));
        await context.AddInitScriptAsync(ReportViolations);
        context.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                violations.Enqueue("console: " + message.Text);
            }
        };
        return violations;
    }

    [Fact]
    public async Task The_index_join_page_and_console_work_under_the_deployed_content_security_policy_without_a_violation()
    {
        var (phone, email) = BrowserFixture.NewContact();
        await using var agentContext = await fixture.NewContextAsync();
        var agentViolations = await RecordViolationsAsync(agentContext);
        var index = await agentContext.NewPageAsync();
        var served = await index.GotoAsync(new Uri(fixture.WebUrl, "/index.html").ToString());
        var policy = (await served!.AllHeadersAsync())["content-security-policy"];
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("style-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains($"connect-src 'self' {fixture.ApiUrl.GetLeftPart(UriPartial.Authority)};", policy, StringComparison.Ordinal);
        Assert.Equal("max-age=31536000; includeSubDomains", (await served.AllHeadersAsync())["strict-transport-security"]);
        // The index page's layout comes from its stylesheet (no inline style).
        await Expect(index.Locator("main")).ToHaveCSSAsync("max-width", "576px");

        var console = new ConsoleDriver(await agentContext.NewPageAsync(), fixture);
        await console.SignInAsync("agent-csp-1");
        await console.StartSessionAsync("loan-csp-1", new Person("Dana Cole", "email", email, phone));
        var link = BrowserFixture.LinkIn((await fixture.WaitForMessagesAsync(email)).Single());

        await using var phoneContext = await fixture.NewPhoneContextAsync();
        var customerViolations = await RecordViolationsAsync(phoneContext);
        var customer = new CustomerDriver(await phoneContext.NewPageAsync());
        await customer.OpenAsync(link);
        await customer.ExpectCodePageAsync();
        await customer.EnterCodeAsync(BrowserFixture.CodeIn((await fixture.WaitForMessagesAsync(phone)).Single()));
        await customer.ExpectInsideAsync();
        await Expect(console.StatusIcon("Dana Cole")).ToContainTextAsync("Authenticated");

        Assert.Empty(agentViolations);
        Assert.Empty(customerViolations);

        // Negative control: an inline script and an inline style attribute on the same page are blocked and reported.
        await customer.Page.EvaluateAsync("""
            () => {
              const script = document.createElement('script');
              script.textContent = 'window.inlineScriptRan = true';
              document.head.append(script);
              document.body.setAttribute('style', 'background: red');
            }
            """);
        await Poll.UntilAsync(() => Task.FromResult(customerViolations.Any(v => v.StartsWith("script-src", StringComparison.Ordinal))
            && customerViolations.Any(v => v.StartsWith("style-src", StringComparison.Ordinal))), "the inline script and style reported", TimeSpan.FromSeconds(10));
        Assert.False(await customer.Page.EvaluateAsync<bool>("() => window.inlineScriptRan === true"));
    }

    [Fact]
    public async Task The_built_pages_hold_no_inline_script_or_style()
    {
        var dist = Path.Combine(RepositoryRoot.Path, "web", "dist");
        var site = JsonDocument.Parse(await WebClientServer.DeployedSiteConfigAsync("""{"apiBaseUrl":"https://api.example/api","agentSignIn":{"mode":"development"}}"""));
        Assert.Contains("script-src 'self';", site.RootElement.GetProperty("globalHeaders").GetProperty("Content-Security-Policy").GetString(), StringComparison.Ordinal);

        foreach (var page in new[] { "index.html", "join.html", "not-me.html", "console.html" })
        {
            var html = await File.ReadAllTextAsync(Path.Combine(dist, page));
            Assert.DoesNotMatch(@"<script(?![^>]*\ssrc=)[^>]*>", html);
            Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(" style=", html, StringComparison.OrdinalIgnoreCase);
        }
    }
}
