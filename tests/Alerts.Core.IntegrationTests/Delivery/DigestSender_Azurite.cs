using Alerts.Core.Delivery;
using Alerts.Core.Statements;
using Alerts.Core.Subscriptions;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Core.IntegrationTests.Delivery;

/// <summary>The daily digest and the hourly cap, over real Azurite and the SendGrid fake.</summary>
[Collection(AzuriteSuite.Name)]
public sealed class DigestSender_Azurite(DeliveryFixture fixture) : IClassFixture<DeliveryFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SendsNoDigestOnADayWithNothingThenOneGroupedByOfficialAndNoneOnARerun()
    {
        var fake = fixture.RequireSendGrid();
        await using var services = fixture.Build();
        var first = TestData.Unique("official");
        var second = TestData.Unique("official");
        var subscriber = TestData.Active(TestData.Unique("digest") + "@example.org", DeliveryMode.Digest, [first, second]);
        await services.GetRequiredService<SubscriptionStore>().UpsertAsync(subscriber, Ct);
        var digests = services.GetRequiredService<DigestSender>();

        var empty = await digests.SendAsync("SendDailyDigest", Ct);
        Assert.DoesNotContain(fake.Requests, r => r.To == subscriber.Email);
        Assert.True(empty.Empty >= 1);

        var statements = services.GetRequiredService<StatementStore>();
        var now = DateTimeOffset.UtcNow;
        await statements.TryAddAsync(TestData.Statement(first, "Minister <One>", now.AddHours(-2)), Ct);
        await statements.TryAddAsync(TestData.Statement(first, "Minister <One>", now.AddHours(-1), "He warned of \"crushing\" retaliation and a blockade of the port."), Ct);
        await statements.TryAddAsync(TestData.Statement(second, "General Two", now.AddHours(-3)), Ct);
        await statements.TryAddAsync(TestData.Statement(second, "General Two", now.AddDays(-3)), Ct);

        var run = await digests.SendAsync("SendDailyDigest", Ct);
        var rerun = await digests.SendAsync("SendDailyDigest", Ct);

        var digest = Assert.Single(fake.Requests, r => r.To == subscriber.Email);
        Assert.Empty(digest.SchemaErrors);
        Assert.Equal(1, run.Sent);
        Assert.Equal(0, rerun.Sent);
        Assert.Contains("3 alerts from 2 officials", digest.Subject, StringComparison.Ordinal);
        var html = digest.Content("text/html")!;
        Assert.Contains("Minister &lt;One&gt;", html, StringComparison.Ordinal);
        Assert.Contains("General Two", html, StringComparison.Ordinal);
        Assert.Equal(2, html.Split("Minister &lt;One&gt;</h2>").Length - 1 + html.Split("General Two</h2>").Length - 1);
        Assert.Contains("List-Unsubscribe=One-Click", digest.Header("List-Unsubscribe-Post"), StringComparison.Ordinal);
        Assert.Contains("== General Two ==", digest.Content("text/plain"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FoldsAlertsOverTheHourlyCapIntoTheNextDigest()
    {
        var fake = fixture.RequireSendGrid();
        await using var services = fixture.Build(overrides: new Dictionary<string, string?> { ["Delivery:MaxAlertsPerHour"] = "2" });
        var official = TestData.Unique("official");
        var subscriber = TestData.Active(TestData.Unique("busy") + "@example.org", officials: [official]);
        await services.GetRequiredService<SubscriptionStore>().UpsertAsync(subscriber, Ct);
        var statements = services.GetRequiredService<StatementStore>();
        var deliverer = services.GetRequiredService<AlertDeliverer>();
        var outcomes = new List<DeliveryOutcome>();
        for (var i = 0; i < 4; i++)
        {
            var statement = TestData.Statement(official, "Defence Minister", DateTimeOffset.UtcNow.AddMinutes(-i));
            await statements.TryAddAsync(statement, Ct);
            outcomes.Add(await deliverer.DeliverAsync(new DeliveryRequest(statement.Id, subscriber.Id, "c"), $"msg-{i}", Ct));
        }

        Assert.Equal(2, outcomes.Count(o => o.Kind == DeliveryOutcomeKind.Sent));
        Assert.Equal(2, outcomes.Count(o => o.Kind == DeliveryOutcomeKind.Folded));
        Assert.Equal(2, fake.Delivered.Count(r => r.To == subscriber.Email));

        var digest = await services.GetRequiredService<DigestSender>().SendAsync("SendDailyDigest", Ct);
        var again = await services.GetRequiredService<DigestSender>().SendAsync("SendDailyDigest", Ct);

        Assert.Equal(3, fake.Delivered.Count(r => r.To == subscriber.Email));
        var folded = fake.Delivered.Last(r => r.To == subscriber.Email);
        Assert.Contains("2 alerts from 1 official", folded.Subject, StringComparison.Ordinal);
        Assert.Contains("hourly limit", folded.Content("text/plain"), StringComparison.Ordinal);
        Assert.Empty(await services.GetRequiredService<DeliveryCap>().FoldedStatementsAsync(subscriber.Id, Ct));
        Assert.True(digest.Sent >= 1);
        Assert.Equal(0, again.Sent);
    }

    [Fact]
    public async Task ARetriedDeliveryReusesItsHourlySlotInsteadOfTakingAnother()
    {
        var fake = fixture.RequireSendGrid();
        await using var services = fixture.Build(overrides: new Dictionary<string, string?> { ["Delivery:MaxAlertsPerHour"] = "1" });
        var subscriber = TestData.Active(TestData.Unique("retry") + "@example.org");
        await services.GetRequiredService<SubscriptionStore>().UpsertAsync(subscriber, Ct);
        var statements = services.GetRequiredService<StatementStore>();
        var deliverer = services.GetRequiredService<AlertDeliverer>();
        var first = TestData.Statement("any", "Defence Minister", DateTimeOffset.UtcNow);
        var second = TestData.Statement("any", "Defence Minister", DateTimeOffset.UtcNow);
        await statements.TryAddAsync(first, Ct);
        await statements.TryAddAsync(second, Ct);
        fake.Next(FakeReply.ServerError, FakeReply.ServerError, FakeReply.ServerError);

        await Assert.ThrowsAsync<DeliveryRetryException>(() => deliverer.DeliverAsync(new DeliveryRequest(first.Id, subscriber.Id, "c"), "m1", Ct));
        var retried = await deliverer.DeliverAsync(new DeliveryRequest(first.Id, subscriber.Id, "c"), "m1", Ct);
        var next = await deliverer.DeliverAsync(new DeliveryRequest(second.Id, subscriber.Id, "c"), "m2", Ct);

        Assert.Equal(DeliveryOutcomeKind.Sent, retried.Kind);
        Assert.Equal(DeliveryOutcomeKind.Folded, next.Kind);
        Assert.Single(fake.Delivered, r => r.To == subscriber.Email);
    }
}
