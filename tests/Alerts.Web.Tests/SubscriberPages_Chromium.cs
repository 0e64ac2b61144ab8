using Alerts.Core.Subscriptions;
using Alerts.Core.Threats;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Alerts.Web.Tests;

/// <summary>The subscriber pages in headless Chromium on a phone-sized screen, with screenshots.</summary>
public sealed class SubscriberPages_Chromium(SubscriptionPagesHost host) : IClassFixture<SubscriptionPagesHost>
{
    [Fact]
    public async Task TakesAReaderFromSubscribeThroughConfirmAndPreferencesToUnsubscribed()
    {
        var (playwright, browser) = await BrowserSession.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        await using var context = await BrowserSession.PhoneAsync(browser);
        var page = await context.NewPageAsync();
        var email = $"reader-{Guid.NewGuid():N}@example.org";

        await page.GotoAsync(host.BaseUrl + "/api/subscribe");
        await BrowserSession.AssertFitsTheScreenAsync(page);
        await BrowserSession.ScreenshotAsync(page, "1-subscribe");
        await page.FillAsync("#email", email);
        await page.CheckAsync("input[name=officials][value=khawaja-asif]");
        await page.UncheckAsync("input[name=officials][value=all]");
        await page.SelectOptionAsync("select[name=minimumLevel]", "high");
        await page.CheckAsync("input[name=categories][value=military_force]");
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Check your inbox");
        await BrowserSession.ScreenshotAsync(page, "2-check-your-inbox");

        await page.GotoAsync(host.BaseUrl + host.Emails.LinkTo(email, "confirm"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Confirm your subscription");
        await BrowserSession.ScreenshotAsync(page, "3-confirm");
        var store = host.Services.GetRequiredService<SubscriptionStore>();
        Assert.Equal(SubscriptionStatus.Pending, (await store.FindByEmailAsync(email, TestContext.Current.CancellationToken))?.Status);
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("You are subscribed");
        await Assertions.Expect(page.Locator("p.ok")).ToContainTextAsync("Khawaja Muhammad Asif, level High or above, military force");
        await BrowserSession.AssertFitsTheScreenAsync(page);
        await BrowserSession.ScreenshotAsync(page, "4-confirmed");

        await page.ClickAsync("text=Change preferences");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Your alert preferences");
        await Assertions.Expect(page.Locator("input[name=officials][value=khawaja-asif]")).ToBeCheckedAsync();
        await page.SelectOptionAsync("select[name=minimumLevel]", "critical");
        await page.CheckAsync("input[name=mode][value=digest]");
        await page.ClickAsync("text=Save preferences");
        await Assertions.Expect(page.Locator("p.ok")).ToContainTextAsync("level Critical or above");
        await BrowserSession.AssertFitsTheScreenAsync(page);
        await BrowserSession.ScreenshotAsync(page, "5-preferences-saved");
        var saved = await store.FindByEmailAsync(email, TestContext.Current.CancellationToken);
        Assert.Equal(ThreatLevel.Critical, saved?.MinimumLevel);
        Assert.Equal(DeliveryMode.Digest, saved?.Mode);

        await page.ClickAsync("text=Unsubscribe from all alerts");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("You are unsubscribed");
        await BrowserSession.ScreenshotAsync(page, "6-unsubscribed");
        Assert.Equal(SubscriptionStatus.Unsubscribed, (await store.FindByEmailAsync(email, TestContext.Current.CancellationToken))?.Status);
    }

    [Fact]
    public async Task ShowsClearErrorsAndKeepsHostileTextInert()
    {
        var (playwright, browser) = await BrowserSession.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        await using var context = await BrowserSession.PhoneAsync(browser);
        var page = await context.NewPageAsync();

        await page.GotoAsync(host.BaseUrl + "/api/subscribe");
        await Assertions.Expect(page.Locator("label", new() { HasText = "Mr \"Quote\"" })).ToContainTextAsync("<img src=x onerror=\"window.__xss=1\">");
        await page.FillAsync("#email", "\"><script>window.__xss=3</script>");
        await page.ClickAsync("button[type=submit]");

        await Assertions.Expect(page.Locator("#email-error")).ToHaveTextAsync("That does not look like an email address (name@example.org).");
        await Assertions.Expect(page.Locator("#email")).ToHaveValueAsync("\"><script>window.__xss=3</script>");
        Assert.Null(await page.EvaluateAsync<int?>("() => window.__xss"));
        Assert.Equal(0, await page.Locator("main img, main script").CountAsync());
        await BrowserSession.AssertFitsTheScreenAsync(page);
        await BrowserSession.ScreenshotAsync(page, "7-subscribe-errors");

        var invalid = await page.GotoAsync(host.BaseUrl + "/api/preferences?token=forged.token");
        Assert.Equal(400, invalid?.Status);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("This link does not work");
        await BrowserSession.ScreenshotAsync(page, "8-invalid-link");
    }
}
