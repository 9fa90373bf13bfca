using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.Playwright;
using OtpSessions.Testing;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace OtpSessions.Browser.Tests;

/// <summary>
/// The join page in the participant's language: a French phone number gets French without any <c>locale</c>, Arabic
/// renders right to left with its layout mirrored, and every state checked stays accessible (axe-core) in each language.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class JoinPageLanguageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_french_number_without_a_locale_gets_a_french_page_and_sms_and_the_console_shows_french()
    {
        var (phone, email) = (TestPhones.NewFrenchMobile(), NewEmail());
        await using var agentContext = await fixture.NewContextAsync();
        var console = new ConsoleDriver(await agentContext.NewPageAsync(), fixture);
        await console.SignInAsync("agent-lang-fr");
        // The agent leaves the language on "Automatic": the console (in English) then shows the participant's language.
        await console.StartSessionAsync("loan-fr-1", new Person("Claire Martin", "email", email, phone));
        await Expect(console.Participant("Claire Martin").Locator(".language")).ToHaveTextAsync("French");
        var link = BrowserFixture.LinkIn((await fixture.WaitForMessagesAsync(email)).Single());
        await using var phoneContext = await fixture.NewPhoneContextAsync("en-US");  // the participant's language wins over the browser's
        var customer = new CustomerDriver(await phoneContext.NewPageAsync());

        await customer.OpenAsync(link);

        await Expect(customer.Heading).ToHaveTextAsync("Saisissez votre code");
        await Expect(customer.Page.Locator("html")).ToHaveAttributeAsync("lang", "fr");
        await Expect(customer.Page.Locator("html")).ToHaveAttributeAsync("dir", "ltr");
        await Expect(customer.Page.GetByText("Nous avons envoyé un code au +33***")).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(customer.Page, "code page (French)");
        var sms = (await fixture.WaitForMessagesAsync(phone)).Single();
        Assert.Contains("est votre code de vérification", sms.Body, StringComparison.Ordinal);

        await customer.Page.GetByLabel("Code", new() { Exact = true }).FillAsync("000000");
        await customer.Page.GetByRole(AriaRole.Button, new() { Name = "Continuer" }).ClickAsync();
        await Expect(customer.Alert).ToContainTextAsync("Ce code n’est pas correct.");
        await BrowserFixture.AssertAccessibleAsync(customer.Page, "wrong code (French)");

        await customer.Page.GetByLabel("Code", new() { Exact = true }).FillAsync(BrowserFixture.CodeIn(sms));
        await customer.Page.GetByRole(AriaRole.Button, new() { Name = "Continuer" }).ClickAsync();
        await Expect(customer.Heading).ToHaveTextAsync("Vous y êtes");
        await BrowserFixture.AssertAccessibleAsync(customer.Page, "inside (French)");
        await BrowserFixture.ScreenshotAsync(customer.Page, "customer-fr-inside");
    }

    [Fact]
    public async Task An_arabic_page_renders_right_to_left_with_its_layout_mirrored_and_stays_accessible()
    {
        var (phone, email) = BrowserFixture.NewContact();
        var link = await StartSessionAsync("agent-lang-ar", email, phone, locale: "ar");
        await using var phoneContext = await fixture.NewPhoneContextAsync("en-US");
        var customer = new CustomerDriver(await phoneContext.NewPageAsync());

        await customer.OpenAsync(link);

        await Expect(customer.Heading).ToHaveTextAsync("أدخل الرمز");
        await Expect(customer.Page.Locator("html")).ToHaveAttributeAsync("lang", "ar");
        await Expect(customer.Page.Locator("html")).ToHaveAttributeAsync("dir", "rtl");
        Assert.Equal("rtl", await customer.Page.Locator("h1").EvaluateAsync<string>("e => getComputedStyle(e).direction"));
        // Mirrored: the heading's text starts at the right edge of the page's column, the code field's digits stay left to right.
        var (textLeft, textRight, columnLeft, columnRight) = await TextAndColumnEdgesAsync(customer.Page, "h1");
        Assert.True(columnRight - textRight < 2, $"the heading ends {columnRight - textRight:0} px short of the right edge");
        Assert.True(textLeft - columnLeft > 40, "the heading should leave its space on the left");
        Assert.Equal("ltr", await customer.Page.Locator("#code").EvaluateAsync<string>("e => getComputedStyle(e).direction"));
        // The masked number inside the Arabic sentence keeps its own order: "+1…" reads left to right.
        var (plus, lastDigit) = await PlusAndLastDigitLeftAsync(customer.Page, ".lead");
        Assert.True(plus < lastDigit, $"the masked number is reversed (+ at {plus:0} px, last digit at {lastDigit:0} px)");
        await BrowserFixture.AssertAccessibleAsync(customer.Page, "code page (Arabic)");
        await BrowserFixture.DocsImageAsync(customer.Page, "join-page-ar");

        await customer.Page.Locator("#code").FillAsync("000000");
        await customer.Page.GetByRole(AriaRole.Button, new() { Name = "متابعة" }).ClickAsync();
        await Expect(customer.Alert).ToContainTextAsync("هذا الرمز غير صحيح.");
        await BrowserFixture.AssertAccessibleAsync(customer.Page, "wrong code (Arabic)");
        await BrowserFixture.ScreenshotAsync(customer.Page, "customer-ar-wrong-code");

        var sms = (await fixture.WaitForMessagesAsync(phone)).Single();
        await customer.Page.Locator("#code").FillAsync(BrowserFixture.CodeIn(sms));
        await customer.Page.GetByRole(AriaRole.Button, new() { Name = "متابعة" }).ClickAsync();
        await Expect(customer.Heading).ToHaveTextAsync("لقد دخلت");
        await BrowserFixture.AssertAccessibleAsync(customer.Page, "inside (Arabic)");
        await BrowserFixture.DocsImageAsync(customer.Page, "join-page-ar-inside");
    }

    [Theory]
    [InlineData("de-DE", "de", "ltr", "Dieser Link funktioniert nicht mehr")]
    [InlineData("ar-EG", "ar", "rtl", "لم يعد هذا الرابط يعمل")]
    [InlineData("pl-PL", "pl", "ltr", "Ten link już nie działa")]
    [InlineData("ja-JP", "en", "ltr", "This link no longer works")]
    public async Task Before_the_api_answers_the_page_speaks_the_browsers_language(string browserLocale, string lang, string dir, string heading)
    {
        await using var phoneContext = await fixture.NewPhoneContextAsync(browserLocale);
        var customer = new CustomerDriver(await phoneContext.NewPageAsync());

        await customer.OpenAsync(new Uri(fixture.WebUrl, "/join#" + new string('x', 43)).ToString());

        await Expect(customer.Heading).ToHaveTextAsync(heading);
        await Expect(customer.Page.Locator("html")).ToHaveAttributeAsync("lang", lang);
        await Expect(customer.Page.Locator("html")).ToHaveAttributeAsync("dir", dir);
        await BrowserFixture.AssertAccessibleAsync(customer.Page, $"link invalid ({browserLocale})");
    }

    /// <summary>The left and right edges of an element's text and of the page's column (<c>main</c>'s content box).</summary>
    private static async Task<(double TextLeft, double TextRight, double ColumnLeft, double ColumnRight)> TextAndColumnEdgesAsync(IPage page, string selector)
    {
        var edges = await page.EvaluateAsync<double[]>("""
            selector => {
              const element = document.querySelector(selector);
              const range = document.createRange();
              range.selectNodeContents(element);
              const text = range.getBoundingClientRect();
              const main = document.querySelector('main');
              const box = main.getBoundingClientRect();
              const style = getComputedStyle(main);
              return [text.left, text.right, box.left + parseFloat(style.paddingLeft), box.right - parseFloat(style.paddingRight)];
            }
            """, selector);
        return (edges[0], edges[1], edges[2], edges[3]);
    }

    /// <summary>Where the "+" of a masked number and its last digit are drawn (their left edges).</summary>
    private static async Task<(double Plus, double LastDigit)> PlusAndLastDigitLeftAsync(IPage page, string selector)
    {
        var lefts = await page.EvaluateAsync<double[]>("""
            selector => {
              const node = document.querySelector(selector).firstChild;
              const text = node.textContent;
              const left = i => { const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1); return r.getBoundingClientRect().left; };
              const digits = [...text.matchAll(/\d/g)];
              return [left(text.indexOf('+')), left(digits[digits.length - 1].index)];
            }
            """, selector);
        return (lefts[0], lefts[1]);
    }

    private static string NewEmail() => $"person{RandomNumberGenerator.GetInt32(0, int.MaxValue)}@example.com";

    private async Task<string> StartSessionAsync(string agentId, string email, string phone, string? locale)
    {
        using var agent = fixture.Agent(agentId, "retail");
        var participant = new Dictionary<string, object>
        {
            ["role"] = "primary",
            ["name"] = "Dana Cole",
            ["invite"] = new { channel = "email", address = email },
            ["otp"] = new { channel = "sms", address = phone },
        };
        if (locale is not null)
        {
            participant["locale"] = locale;
        }
        using var response = await agent.PostAsJsonAsync("/api/sessions", new { participants = new[] { participant }, reference = $"ref-{agentId}" });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return BrowserFixture.LinkIn((await fixture.WaitForMessagesAsync(email)).Single());
    }
}
