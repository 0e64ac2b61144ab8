using Alerts.Core.Delivery;
using Alerts.Core.Statements;
using Alerts.Core.Subscriptions;
using Alerts.Core.Threats;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Web.Tests;

/// <summary>The alert and digest emails opened in Chromium on a phone screen: readable, hostile text inert, screenshots kept.</summary>
public sealed class AlertEmail_Chromium(SubscriptionPagesHost host) : IClassFixture<SubscriptionPagesHost>
{
    private const string Text = "Khawaja Asif warned that Pakistan's response to any incursion would be \"crushing\" and that the army was ready. <script>window.__xss=1</script>";

    private static StoredStatement Statement(DateTimeOffset now)
    {
        var analysis = new ThreatAnalyzer().Analyze(Text, new SpeakerContext("Khawaja Muhammad Asif", ["Khawaja Asif"]));
        return new StoredStatement("st-email", "khawaja-asif", "Khawaja Muhammad Asif", Text, "Asif warns of crushing response", "https://news.example.org/asif",
            [
                new StatementSource("s1", "Dawn", "i1", "https://www.dawn.com/news/1", "Asif warns of 'crushing' response", now),
                new StatementSource("s2", "Evil Feed", "i2", "javascript:window.__xss=2", "<b onclick=x>click</b>", now),
            ],
            now.AddMinutes(-40), now, analysis, "corr-email");
    }

    [Fact]
    public async Task RendersTheAlertAndDigestEmailsReadablyOnAPhone()
    {
        var (playwright, browser) = await BrowserSession.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        await using var context = await BrowserSession.PhoneAsync(browser);
        var page = await context.NewPageAsync();
        var now = new DateTimeOffset(2026, 11, 25, 9, 30, 0, TimeSpan.Zero);
        var subscriber = new Subscription("sub-email", "reader@example.org", ["khawaja-asif"], ThreatLevel.Medium, [], DeliveryMode.Immediate, SubscriptionStatus.Active, now, now) { Version = 1 };

        var alert = host.Services.GetRequiredService<AlertEmailRenderer>().Render(Statement(now), subscriber);
        await page.SetContentAsync(alert.Html);
        await BrowserSession.AssertFitsTheScreenAsync(page);
        await BrowserSession.ScreenshotAsync(page, "9-alert-email");
        Assert.Null(await page.EvaluateAsync<int?>("() => window.__xss"));
        Assert.Equal("crushing", await page.Locator("blockquote mark").First.InnerTextAsync());
        var protocols = await page.Locator("a").EvaluateAllAsync<string[]>("as => as.map(a => a.protocol)");
        Assert.All(protocols, p => Assert.True(p is "https:" or "http:", p));
        Assert.Equal(1, await page.Locator("a[href='https://www.dawn.com/news/1']").CountAsync());

        var digest = host.Services.GetRequiredService<DigestEmailRenderer>().Render(DateOnly.FromDateTime(now.UtcDateTime), [Statement(now), Statement(now.AddHours(-2)) with { Id = "st-2", OfficialId = "other", OfficialName = "General <Two>" }], subscriber with { Mode = DeliveryMode.Digest });
        await page.SetContentAsync(digest.Html);
        await BrowserSession.AssertFitsTheScreenAsync(page);
        await BrowserSession.ScreenshotAsync(page, "10-digest-email");
        Assert.Equal(["General <Two>", "Khawaja Muhammad Asif"], (await page.Locator("h2").AllInnerTextsAsync()).Order(StringComparer.Ordinal));
    }
}
