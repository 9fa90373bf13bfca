namespace OtpSessions.Browser.Tests;

/// <summary>
/// Which Chromium the browser tests drive: <c>CHROMIUM_PATH</c> if set, else Chromium's headless shell where it is
/// installed (Debian's <c>chromium-headless-shell</c>: the same Chromium build without the desktop browser around it;
/// Playwright's own headless runs use the same shell), else an installed Chromium or Chrome (Debian's <c>chromium</c>:
/// <c>/usr/bin/chromium</c>), else Playwright's own download (where the internet allows
/// <c>playwright.ps1 install chromium</c>). Null means "Playwright's own". The shell renders the pages with the same
/// Blink and V8 at under half the CPU of the full browser's headless mode, which matters on CI's two cores.
/// </summary>
public static class ChromiumLocator
{
    public const string EnvironmentVariable = "CHROMIUM_PATH";

    private static readonly string[] Candidates =
    [
        "/usr/bin/chromium-headless-shell",
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
        "/usr/bin/google-chrome-stable",
        "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
        "/Applications/Chromium.app/Contents/MacOS/Chromium",
        @"C:\Program Files\Google\Chrome\Application\chrome.exe",
        @"C:\Program Files (x86)\Google\Chrome\Application\chrome.exe",
    ];

    /// <summary>Flags for a headless run in a container: no sandbox, no GPU, nothing that talks to the internet.</summary>
    public static readonly string[] LaunchArguments =
    [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ];

    public static string? Find()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured)
                ? configured
                : throw new InvalidOperationException($"{EnvironmentVariable} is set to '{configured}', which does not exist.");
        }
        return Candidates.FirstOrDefault(File.Exists);
    }

    public const string InstallHint =
        "The browser tests need Chromium. Install one of: Debian/Ubuntu `sudo apt-get install -y chromium`; " +
        "Chrome or Chromium anywhere, then set CHROMIUM_PATH to its executable; or Playwright's own build " +
        "(needs the internet): `pwsh tests/OtpSessions.Browser.Tests/bin/Debug/net10.0/playwright.ps1 install chromium`.";
}
