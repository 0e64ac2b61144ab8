using Alerts.Core.Configuration;
using Alerts.Core.Delivery;
using Alerts.Core.Pipeline;
using Alerts.Core.Statements;
using Alerts.Core.Storage;
using Alerts.Core.Subscriptions;
using Alerts.Local.Pipeline;

namespace Alerts.IntegrationTests;

[Collection(AzuriteSuite.Name)]
public sealed class DeliveryIdempotencyTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task TheSameDeliveryQueuedTwiceSendsOneEmail()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await PipelineHarness.CreateAsync(azurite.ConnectionString);
        await harness.SeedAsync();
        var statement = await PoisonMessageTests.StoreThreatAsync(harness, ct);
        var request = new DeliveryRequest(statement.Id, SubscriptionStore.IdFor("analyst@example.com"), "test");

        await harness.Get<QueueWriter>().SendAsync(AlertsNames.Queues.Deliveries, request, ct);
        await harness.Get<QueueWriter>().SendAsync(AlertsNames.Queues.Deliveries, request, ct);
        await harness.Get<LocalPipelineRunner>().DrainAsync(ct);

        Assert.Single(harness.OutboxEmails());
        var ledger = await harness.Get<DeliveryLedger>().GetAsync(request.StatementId, request.SubscriptionId, ct);
        Assert.Equal(LedgerStatus.Sent, ledger?.Status);
    }

    [Fact]
    public async Task TwoWorkersDeliveringTheSameMessageAtOnceSendOneEmail()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await PipelineHarness.CreateAsync(azurite.ConnectionString);
        await harness.SeedAsync();
        var statement = await PoisonMessageTests.StoreThreatAsync(harness, ct);
        var request = new DeliveryRequest(statement.Id, SubscriptionStore.IdFor("analyst@example.com"), "test");
        var deliverer = harness.Get<AlertDeliverer>();

        var outcomes = await Task.WhenAll(
            Enumerable.Range(0, 6).Select(i => Task.Run(() => deliverer.DeliverAsync(request, i % 2 == 0 ? "message-a" : "message-b", ct), ct)));

        Assert.Single(outcomes, o => o.Kind == DeliveryOutcomeKind.Sent);
        Assert.Single(harness.OutboxEmails());
    }

    [Fact]
    public async Task TheSameStatementDeliveredTwiceIsStoredOnceAndAlertsOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await PipelineHarness.CreateAsync(azurite.ConnectionString);
        await harness.SeedAsync();
        const string text = "Defence Minister Khawaja Asif said any aggression will come at a heavy price.";
        var candidate = new StatementCandidate(StatementKey.Compute("khawaja-asif", text), "khawaja-asif", "Khawaja Muhammad Asif", "seed-news", "Seed", "item-9", null, null, text, null, DateTimeOffset.UtcNow, "test");

        await harness.Get<QueueWriter>().SendAsync(AlertsNames.Queues.Statements, candidate, ct);
        await harness.Get<QueueWriter>().SendAsync(AlertsNames.Queues.Statements, candidate, ct);
        await harness.Get<LocalPipelineRunner>().DrainAsync(ct);

        var stored = await harness.Get<StatementStore>().GetAsync(candidate.StatementId, ct);
        Assert.NotNull(stored);
        Assert.Equal(1, stored.CorroborationCount);
        Assert.Single(harness.OutboxEmails());
    }
}
