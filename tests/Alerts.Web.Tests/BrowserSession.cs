using Alerts.Local;
using Microsoft.Playwright;

namespace Alerts.Web.Tests;

/// <summary>
/// Headless Debian Chromium driven by Playwright (never a downloaded browser). Tests skip, saying why,
/// when /usr/bin/chromium is missing. Screenshots go to artifacts/screenshots (git-ignored).
/// </summary>
public static class BrowserSession
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public static string ScreenshotFolder { get; } = Path.Combine(RepositoryRoot.TryFind() ?? Path.GetTempPath(), "artifacts", "screenshots");

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            Assert.Skip($"Chromium is not installed at {ChromiumPath}; install it with `apt-get install -y chromium` (Debian package) to run the browser tests.");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        return (playwright, browser);
    }

    /// <summary>A phone-sized page (iPhone 12-ish viewport, touch, mobile user agent).</summary>
    public static Task<IBrowserContext> PhoneAsync(IBrowser browser) =>
        browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            DeviceScaleFactor = 2,
            IsMobile = true,
            HasTouch = true,
        });

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });
    }

    /// <summary>Readable on a phone: nothing wider than the screen, so no sideways scrolling.</summary>
    public static async Task AssertFitsTheScreenAsync(IPage page)
    {
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"{page.Url} is {overflow}px wider than the screen");
    }
}
