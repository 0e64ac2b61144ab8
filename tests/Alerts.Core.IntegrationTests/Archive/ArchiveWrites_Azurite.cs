using Alerts.Core.Archive;
using Alerts.Core.Delivery;
using Alerts.Core.Statements;
using Alerts.Core.Subscriptions;
using Alerts.Core.IntegrationTests.Delivery;
using Alerts.Core.Threats;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Core.IntegrationTests.Archive;

/// <summary>Where the archive's rows come from: the delivery stage, the digest and the analyse stage, over real Azurite.</summary>
[Collection(AzuriteSuite.Name)]
public sealed class ArchiveWrites_Azurite(DeliveryFixture fixture) : IClassFixture<DeliveryFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DigestedAndFoldedAlertsJoinTheSubscribersArchiveOnceEach()
    {
        fixture.RequireSendGrid();
        await using var services = fixture.Build(overrides: new Dictionary<string, string?> { ["Delivery:MaxAlertsPerHour"] = "1", ["SendGrid:TimeoutSeconds"] = "15" });
        var official = TestData.Unique("official");
        var digestReader = TestData.Active(TestData.Unique("weekly") + "@example.org", DeliveryMode.Digest, [official]);
        var immediate = TestData.Active(TestData.Unique("busy") + "@example.org", DeliveryMode.Immediate, [official]);
        await services.GetRequiredService<SubscriptionStore>().UpsertAsync(digestReader, Ct);
        await services.GetRequiredService<SubscriptionStore>().UpsertAsync(immediate, Ct);
        var statements = services.GetRequiredService<StatementStore>();
        var deliverer = services.GetRequiredService<AlertDeliverer>();
        var sent = new List<StoredStatement>();
        foreach (var minutes in new[] { 50, 40 })
        {
            var statement = TestData.Statement(official, "Defence Minister", DateTimeOffset.UtcNow.AddMinutes(-minutes));
            await statements.TryAddAsync(statement, Ct);
            await deliverer.DeliverAsync(new DeliveryRequest(statement.Id, immediate.Id, "c"), "m-" + statement.Id, Ct);
            await deliverer.DeliverAsync(new DeliveryRequest(statement.Id, immediate.Id, "c"), "m-" + statement.Id, Ct);
            sent.Add(statement);
        }

        await services.GetRequiredService<DigestSender>().SendAsync("SendDailyDigest", Ct);
        await services.GetRequiredService<DigestSender>().SendAsync("SendDailyDigest", Ct);

        var index = services.GetRequiredService<AlertIndex>();
        var newestFirst = sent.Select(s => s.Id).Reverse().ToList();
        Assert.Equal(newestFirst, (await index.ListAsync(digestReader.Id, AlertFilter.None, 50, Ct)).Select(a => a.StatementId));

        // One sent at once, one folded by the hourly cap of 1 (then in the digest): both in the archive, once.
        Assert.Equal(newestFirst, (await index.ListAsync(immediate.Id, AlertFilter.None, 50, Ct)).Select(a => a.StatementId));
        Assert.Empty(await index.ListAsync(immediate.Id, new AlertFilter(MinimumLevel: ThreatLevel.Critical), 50, Ct));
    }

    [Fact]
    public async Task AnalyseStageWritesEveryNewStatementToTheOfficialsTimelineOnce()
    {
        fixture.RequireSendGrid();
        await using var services = fixture.Build();
        var official = TestData.Unique("official");
        var processor = services.GetRequiredService<StatementProcessor>();
        var now = DateTimeOffset.UtcNow;
        StatementCandidate Candidate(string id, string text, string source) =>
            new(id, official, "Defence Minister", source, source, TestData.Unique("item"), null, null, text, now, now, "corr");

        var threatId = TestData.Unique("st");
        await processor.ProcessAsync(Candidate(threatId, TestData.ThreatText, "outlet-a"), Ct);
        await processor.ProcessAsync(Candidate(threatId, TestData.ThreatText, "outlet-b"), Ct);
        await processor.ProcessAsync(Candidate(TestData.Unique("st"), "The minister opened a new school in the capital.", "outlet-a"), Ct);

        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var days = await services.GetRequiredService<StatementTimeline>().ReadAsync(official, today.AddDays(-89), today, Ct);
        Assert.Equal(90, days.Count);
        var last = days[^1];
        Assert.Equal(2, last.Statements);
        Assert.Equal(1, last.ThreatCount);
        Assert.Equal(0, days.Take(89).Sum(d => d.Statements));
    }
}
