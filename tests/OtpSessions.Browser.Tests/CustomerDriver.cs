using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OtpSessions.Browser.Tests;

/// <summary>Drives the customer's join page on a phone-sized screen, by labels and roles.</summary>
public sealed class CustomerDriver(IPage page)
{
    public IPage Page => page;

    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    public ILocator CodeField => page.GetByLabel("Code", new() { Exact = true });

    public ILocator Alert => page.Locator("#code-message");

    public async Task OpenAsync(string link)
    {
        await page.GotoAsync(link);
    }

    public async Task ExpectCodePageAsync()
    {
        await Expect(Heading).ToHaveTextAsync("Enter your code");
        await Expect(CodeField).ToBeEditableAsync();
    }

    /// <summary>Types the code and continues; returns the verification response (for its access token).</summary>
    public async Task<IResponse> EnterCodeAsync(string code)
    {
        await CodeField.FillAsync(code);
        return await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync(),
            r => r.Url.EndsWith("/api/join/otp/verify", StringComparison.Ordinal) && r.Request.Method == "POST");
    }

    /// <summary>The access token of a successful verification (to prove it never appears in a URL).</summary>
    public static async Task<string> AccessTokenOf(IResponse response)
    {
        var body = await response.JsonAsync();
        return body?.GetProperty("accessToken").GetString() ?? throw new InvalidOperationException("No access token.");
    }

    public async Task ExpectInsideAsync()
    {
        await Expect(Heading).ToHaveTextAsync("You’re in");
    }

    public static string TokenOf(string link) => link[(link.IndexOf('#', StringComparison.Ordinal) + 1)..];

    public static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
}
