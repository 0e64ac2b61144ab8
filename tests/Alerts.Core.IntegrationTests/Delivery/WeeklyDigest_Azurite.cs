using Alerts.Core.Delivery;
using Alerts.Core.Statements;
using Alerts.Core.Subscriptions;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Core.IntegrationTests.Delivery;

/// <summary>The weekly digest, sent by the daily digest run on Delivery__WeeklyDigestDay only, covering the week.</summary>
[Collection(AzuriteSuite.Name)]
public sealed class WeeklyDigest_Azurite(DeliveryFixture fixture) : IClassFixture<DeliveryFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WeeklySubscribersGetTheWeekOnTheirDayAndNothingOnOtherDays()
    {
        var fake = fixture.RequireSendGrid();
        var clock = new InstantDelayTimeProvider(TimeProvider.System);
        var today = clock.GetUtcNow().UtcDateTime.DayOfWeek;
        var notTheDay = today == DayOfWeek.Saturday ? DayOfWeek.Sunday : DayOfWeek.Saturday;
        await using var services = fixture.Build(time: clock, overrides: new Dictionary<string, string?> { ["Delivery:WeeklyDigestDay"] = notTheDay.ToString(), ["SendGrid:TimeoutSeconds"] = "15" });
        var official = TestData.Unique("official");
        var weekly = TestData.Active(TestData.Unique("weekly") + "@example.org", DeliveryMode.WeeklyDigest, [official]);
        var daily = TestData.Active(TestData.Unique("daily") + "@example.org", DeliveryMode.Digest, [official]);
        await services.GetRequiredService<SubscriptionStore>().UpsertAsync(weekly, Ct);
        await services.GetRequiredService<SubscriptionStore>().UpsertAsync(daily, Ct);
        var statements = services.GetRequiredService<StatementStore>();
        var now = clock.GetUtcNow();
        await statements.TryAddAsync(TestData.Statement(official, "Defence Minister", now.AddHours(-2)), Ct);
        await statements.TryAddAsync(TestData.Statement(official, "Defence Minister", now.AddDays(-5)), Ct);

        await services.GetRequiredService<DigestSender>().SendAsync("SendDailyDigest", Ct);
        Assert.DoesNotContain(fake.Requests, r => r.To == weekly.Email);
        Assert.Contains("Daily threat digest", Assert.Single(fake.Requests, r => r.To == daily.Email).Subject, StringComparison.Ordinal);

        await using var onTheDay = fixture.Build(time: clock, overrides: new Dictionary<string, string?> { ["Delivery:WeeklyDigestDay"] = today.ToString(), ["SendGrid:TimeoutSeconds"] = "15" });
        await onTheDay.GetRequiredService<DigestSender>().SendAsync("SendDailyDigest", Ct);

        var digest = Assert.Single(fake.Requests, r => r.To == weekly.Email);
        Assert.Empty(digest.SchemaErrors);
        Assert.StartsWith("Weekly threat digest", digest.Subject, StringComparison.Ordinal);
        Assert.Contains("2 alerts", digest.Subject, StringComparison.Ordinal);
        Assert.Contains("one digest a week", digest.Content("text/plain"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubscribersCanChooseTheWeeklyDigest()
    {
        fixture.RequireSendGrid();
        await using var services = fixture.Build();
        var validator = services.GetRequiredService<SubscriptionValidator>();

        var result = await validator.ValidateAsync(new SubscriptionForm("w@example.org", [], "medium", [], "weekly"), requireEmail: true, Ct);
        var bad = await validator.ValidateAsync(new SubscriptionForm("w@example.org", [], "medium", [], "monthly"), requireEmail: true, Ct);

        Assert.Equal(DeliveryMode.WeeklyDigest, result.Choices?.Mode);
        Assert.Equal("Delivery must be immediate, digest or weekly.", bad.Errors["mode"]);
    }
}
