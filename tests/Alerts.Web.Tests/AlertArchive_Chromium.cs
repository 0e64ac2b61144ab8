using Alerts.Core.Feedback;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Alerts.Web.Tests;

/// <summary>The archive, feedback and timeline pages in headless Chromium on a phone screen, reached from the alert email's links.</summary>
public sealed class AlertArchive_Chromium(SubscriptionPagesHost host) : IClassFixture<SubscriptionPagesHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ListsTheSubscribersAlertsNewestFirstWithEvidenceMarkedAndFilters()
    {
        var scenario = await ArchiveScenario.CreateAsync(host, Ct);
        var (playwright, browser) = await BrowserSession.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        await using var context = await BrowserSession.PhoneAsync(browser);
        var page = await context.NewPageAsync();

        await page.GotoAsync(host.BaseUrl + host.Emails.LinkTo(scenario.Email, "alerts"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Your alerts");
        var ids = await page.Locator("article.alert").EvaluateAllAsync<string[]>("els => els.map(e => e.id)");
        Assert.Equal(["alert-" + scenario.Hostile.Id, "alert-" + scenario.Blockade.Id, "alert-" + scenario.Strike.Id], ids);

        var strike = page.Locator($"#alert-{scenario.Strike.Id}");
        Assert.Equal(["strike", "destroy"], await strike.Locator("mark").AllTextContentsAsync());
        await Assertions.Expect(strike.Locator(".quote")).ToHaveTextAsync(ArchiveScenario.HostileText);
        await Assertions.Expect(page.Locator($"#alert-{scenario.Hostile.Id} h2")).ToContainTextAsync("<img src=x onerror=\"window.__xss=1\">Mr \"Quote\"");
        Assert.Null(await page.EvaluateAsync<int?>("() => window.__xss"));
        Assert.Equal(0, await page.Locator("main script, main img").CountAsync());
        await BrowserSession.AssertFitsTheScreenAsync(page);
        await BrowserSession.ScreenshotAsync(page, "20-archive");

        await page.SelectOptionAsync("select[name=official]", scenario.OfficialId);
        await page.SelectOptionAsync("select[name=level]", "high");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**level=high**");
        ids = await page.Locator("article.alert").EvaluateAllAsync<string[]>("els => els.map(e => e.id)");
        Assert.Equal(["alert-" + scenario.Strike.Id], ids);
        await Assertions.Expect(page.Locator("select[name=level]")).ToHaveValueAsync("high");

        await page.SelectOptionAsync("select[name=level]", "");
        await page.SelectOptionAsync("select[name=category]", "blockade_occupation");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**category=blockade_occupation**");
        ids = await page.Locator("article.alert").EvaluateAllAsync<string[]>("els => els.map(e => e.id)");
        Assert.Equal(["alert-" + scenario.Blockade.Id], ids);
        await BrowserSession.ScreenshotAsync(page, "21-archive-filtered");
    }

    [Fact]
    public async Task FeedbackFromTheEmailAsksFirstThenRecordsOneVerdictPerAlert()
    {
        var scenario = await ArchiveScenario.CreateAsync(host, Ct);
        var store = host.Services.GetRequiredService<FeedbackStore>();
        var (playwright, browser) = await BrowserSession.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        await using var context = await BrowserSession.PhoneAsync(browser);
        var page = await context.NewPageAsync();

        var email = host.Emails.Sent.Single(m => m.To == scenario.Email && m.Text.Contains(scenario.Strike.Id, StringComparison.Ordinal));
        var link = email.Text.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("* Not a threat: ", StringComparison.Ordinal))["* Not a threat: ".Length..];
        await page.GotoAsync(host.BaseUrl + new Uri(link).PathAndQuery);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Tell us this alert is not a threat?");
        Assert.Null(await store.GetVerdictAsync(scenario.Strike.Id, scenario.Subscription.Id, Ct));
        await BrowserSession.AssertFitsTheScreenAsync(page);
        await BrowserSession.ScreenshotAsync(page, "22-feedback-confirm");

        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Thank you");
        await BrowserSession.ScreenshotAsync(page, "23-feedback-thanks");
        var recorded = await store.GetVerdictAsync(scenario.Strike.Id, scenario.Subscription.Id, Ct);
        Assert.Equal(FeedbackVerdict.NotAThreat, recorded?.Verdict);
        Assert.True(recorded?.JudgeThreat);

        // From the archive page this time, a second click on the same alert: still one verdict, the latest.
        await page.ClickAsync("text=See your alerts");
        await page.Locator($"#alert-{scenario.Strike.Id} .feedback a", new() { HasText = "Useful" }).ClickAsync();
        await page.ClickAsync("button[type=submit]");
        await page.GoBackAsync();
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Thank you");
        var mine = (await store.ListAsync(Ct)).Where(e => e.SubscriptionId == scenario.Subscription.Id).ToList();
        Assert.Equal(FeedbackVerdict.Useful, Assert.Single(mine).Verdict);
    }

    [Fact]
    public async Task TimelineDrawsNinetyDaysWithThreatsMarkedByLevelWithoutJavaScript()
    {
        var scenario = await ArchiveScenario.CreateAsync(host, Ct);
        var (playwright, browser) = await BrowserSession.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            DeviceScaleFactor = 2,
            IsMobile = true,
            HasTouch = true,
            JavaScriptEnabled = false,
        });
        var page = await context.NewPageAsync();

        await page.GotoAsync(host.BaseUrl + host.Emails.LinkTo(scenario.Email, "alerts"));
        await page.Locator($"#alert-{scenario.Strike.Id} .feedback a", new() { HasText = "Timeline" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Khawaja Muhammad Asif");
        await Assertions.Expect(page.Locator("svg.chart g.day")).ToHaveCountAsync(90);
        await Assertions.Expect(page.Locator("svg.chart circle.marker.level-High")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("svg.chart circle.marker.level-Medium")).ToHaveCountAsync(1);
        var twoDaysAgo = DateTime.UtcNow.AddDays(-2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await Assertions.Expect(page.Locator($"svg.chart g.day[data-day='{twoDaysAgo}'] title")).ToContainTextAsync("3 statements, threats: 1 High");
        await Assertions.Expect(page.Locator("ul.threat-days li")).ToHaveCountAsync(2);
        var box = await page.Locator("svg.chart").BoundingBoxAsync();
        Assert.True(box is { Width: > 300 and <= 390, Height: > 100 }, $"chart is {box?.Width}x{box?.Height}");
        await BrowserSession.AssertFitsTheScreenAsync(page);
        await BrowserSession.ScreenshotAsync(page, "24-timeline");

        await page.FillAsync("#missed", "He told <b>Geo TV</b> on Sunday that \"the response will be swift\": https://geo.example.org/x");
        await page.ClickAsync("text=Report a missed statement");
        await Assertions.Expect(page.Locator("p.ok")).ToContainTextAsync("we will review it");
        await BrowserSession.ScreenshotAsync(page, "25-timeline-missed-reported");
        var missed = (await host.Services.GetRequiredService<FeedbackStore>().ListAsync(Ct)).Where(e => e.SubscriptionId == scenario.Subscription.Id && e.Kind == FeedbackStore.MissedKind).ToList();
        Assert.Equal(scenario.OfficialId, Assert.Single(missed).OfficialId);
        Assert.Contains("<b>Geo TV</b>", missed[0].Text, StringComparison.Ordinal);
    }
}
