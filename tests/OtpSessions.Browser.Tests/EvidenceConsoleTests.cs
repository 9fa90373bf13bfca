using System.Text;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace OtpSessions.Browser.Tests;

/// <summary>The session page offers the session's signed evidence for download: the JWS and the PDF certificate.</summary>
[Collection(BrowserCollection.Name)]
public sealed class EvidenceConsoleTests(BrowserFixture fixture)
{
    [Fact]
    public async Task The_session_page_downloads_the_signed_record_and_the_pdf_certificate()
    {
        await using var context = await fixture.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new() { Width = 1280, Height = 900 }, AcceptDownloads = true });
        var page = await context.NewPageAsync();
        var console = new ConsoleDriver(page, fixture);
        var (phone, email) = BrowserFixture.NewContact();
        await console.SignInAsync("agent-evidence-1");
        var sessionId = await console.StartSessionAsync("loan-evidence-1", new Person("Dana Cole", "email", email, phone));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Evidence", Exact = true })).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(page, "session view with evidence downloads");

        var jws = await DownloadAsync(page, "Download signed record (JWS)");
        Assert.Equal($"evidence-{sessionId}.jws", jws.Name);
        var parts = Encoding.ASCII.GetString(jws.Bytes).Split('.');
        Assert.Equal(3, parts.Length);
        Assert.Contains(sessionId, Encoding.UTF8.GetString(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(parts[1])), StringComparison.Ordinal);

        var pdf = await DownloadAsync(page, "Download certificate (PDF)");
        Assert.Equal($"evidence-{sessionId}.pdf", pdf.Name);
        Assert.Equal("%PDF", Encoding.ASCII.GetString(pdf.Bytes, 0, 4));
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Evidence saved" })).ToContainTextAsync("PDF certificate");
    }

    private static async Task<(string Name, byte[] Bytes)> DownloadAsync(IPage page, string button)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = button }).ClickAsync());
        var path = await download.PathAsync();
        return (download.SuggestedFilename, await File.ReadAllBytesAsync(path));
    }
}
