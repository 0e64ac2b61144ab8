using Alerts.Core.Configuration;
using Alerts.Core.Delivery;
using Alerts.Core.Pipeline;
using Alerts.Core.Statements;
using Alerts.Core.Storage;
using Alerts.Core.Subscriptions;
using Microsoft.Extensions.Time.Testing;

namespace Alerts.IntegrationTests.Reliability;

/// <summary>The worker dies at the two dangerous points of the pipeline; the redelivered message must finish the work once.</summary>
[Collection(ReliabilitySuite.Name)]
public sealed class CrashRecoveryTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task AWorkerThatDiesHalfwayThroughTheFanOutIsResumedByTheRedeliveredMessage_NothingLostNothingSentTwice()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await FaultHarness.CreateAsync(azurite.ConnectionString);
        await h.SeedAsync();
        var candidate = FaultHarness.Candidate();
        // The statement is stored and the first delivery queued; the worker dies sending the second.
        h.Faults.Fail(r => StorageFaults.IsQueueSend(r, AlertsNames.Queues.Deliveries), "worker died during the fan-out", skip: 1);
        await h.SendAsync(AlertsNames.Queues.Statements, candidate);

        await h.DrainAsync();

        Assert.Equal(1, h.Faults.Injected);
        var stored = await h.Get<StatementStore>().GetAsync(candidate.StatementId, ct);
        Assert.NotNull(stored);
        Assert.NotNull(stored.DeliveriesQueuedAt);
        var perAlert = h.EmailsPerAlert();
        Assert.Equal(2, perAlert.Count);
        Assert.All(perAlert.Values, count => Assert.Equal(1, count));
        foreach (var subscriber in new[] { FaultHarness.FirstSubscriber, FaultHarness.SecondSubscriber })
        {
            var ledger = await h.Get<DeliveryLedger>().GetAsync(candidate.StatementId, SubscriptionStore.IdFor(subscriber), ct);
            Assert.Equal(LedgerStatus.Sent, ledger?.Status);
        }

        Assert.Equal(0, await h.PoisonCountAsync());
    }

    [Fact]
    public async Task AWorkerThatDiesAfterStoringButBeforeAnyDeliveryIsQueuedResumesTheFanOut()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await FaultHarness.CreateAsync(azurite.ConnectionString);
        await h.SeedAsync();
        var candidate = FaultHarness.Candidate(itemId: "item-first-send");
        h.Faults.Fail(r => StorageFaults.IsQueueSend(r, AlertsNames.Queues.Deliveries), "worker died right after storing");
        await h.SendAsync(AlertsNames.Queues.Statements, candidate);

        await h.DrainAsync();

        Assert.Equal(1, h.Faults.Injected);
        Assert.Equal(2, h.EmailsPerAlert().Count);
        Assert.All(h.EmailsPerAlert().Values, count => Assert.Equal(1, count));
        Assert.Equal(1, (await h.Get<StatementStore>().GetAsync(candidate.StatementId, ct))?.CorroborationCount);
    }

    /// <summary>
    /// The email went out and the worker died before <c>MarkSent</c>: the ledger row stays <c>Sending</c>, owned by
    /// that message. Nothing is sent again while the claim is fresh: not by the same message redelivered before
    /// <see cref="DeliveryLedger.InFlight"/>, nor by another copy of the request before <see cref="DeliveryLedger.Lease"/>.
    /// After that the claim is retaken and the alert is sent a second time: the residual at-least-once risk, since
    /// SendGrid has no idempotency key. Both sends carry the ledger key in custom_args for reconciliation.
    /// </summary>
    [Theory]
    [InlineData("message-1")]
    [InlineData("message-2")]
    public async Task AfterACrashBetweenSendingAndRecordingNoRedeliverySendsAgainWhileTheClaimIsFresh(string redeliveredAs)
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var h = await FaultHarness.CreateAsync(azurite.ConnectionString, time);
        await h.SeedAsync();
        var statement = await StoreThreatWithoutDeliveriesAsync(h, ct);
        var subscription = SubscriptionStore.IdFor(FaultHarness.FirstSubscriber);
        var message = QueueMessageJson.Serialize(new DeliveryRequest(statement, subscription, "test-correlation"));
        var handler = h.Get<QueueMessageHandler>();
        h.Faults.Fail(r => StorageFaults.IsTableMerge(r, AlertsNames.Tables.Deliveries), "worker died between send and MarkSent");

        await Assert.ThrowsAsync<SimulatedCrashException>(() => handler.HandleAsync(AlertsNames.Queues.Deliveries, message, "message-1", ct));
        Assert.Single(h.Emails.Sent);
        Assert.Equal(LedgerStatus.Sending, (await h.Get<DeliveryLedger>().GetAsync(statement, subscription, ct))?.Status);

        var retakeAfter = redeliveredAs == "message-1" ? DeliveryLedger.InFlight : DeliveryLedger.Lease;
        foreach (var at in new[] { TimeSpan.Zero, TimeSpan.FromSeconds(1), retakeAfter / 2, retakeAfter - TimeSpan.FromSeconds(1) })
        {
            time.SetUtcNow(StartOf(h) + at);
            await handler.HandleAsync(AlertsNames.Queues.Deliveries, message, redeliveredAs, ct);
            Assert.Single(h.Emails.Sent);
        }

        time.SetUtcNow(StartOf(h) + retakeAfter + TimeSpan.FromSeconds(1));
        await handler.HandleAsync(AlertsNames.Queues.Deliveries, message, redeliveredAs, ct);

        // The residual risk, made visible: the second send of the same alert, reconcilable by its ledger key.
        Assert.Equal(2, h.Emails.Sent.Count);
        Assert.All(h.Emails.Sent, e =>
        {
            Assert.Equal(statement, e.CustomArgs["statement_id"]);
            Assert.Equal(subscription, e.CustomArgs["subscription_id"]);
        });
        Assert.Equal(LedgerStatus.Sent, (await h.Get<DeliveryLedger>().GetAsync(statement, subscription, ct))?.Status);
        await handler.HandleAsync(AlertsNames.Queues.Deliveries, message, "message-3", ct);
        Assert.Equal(2, h.Emails.Sent.Count);
    }

    [Fact]
    public async Task AFailureBeforeTheEmailWentOutGivesTheClaimBack_SoTheRetrySendsIt()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await FaultHarness.CreateAsync(azurite.ConnectionString);
        await h.SeedAsync();
        var statement = await StoreThreatWithoutDeliveriesAsync(h, ct);
        var subscription = SubscriptionStore.IdFor(FaultHarness.FirstSubscriber);
        h.Emails.BeforeSend = (call, _) => call == 1 ? throw new InvalidOperationException("renderer or sender bug before anything was sent") : Task.CompletedTask;
        await h.SendAsync(AlertsNames.Queues.Deliveries, new DeliveryRequest(statement, subscription, "test-correlation"));

        await h.DrainAsync();

        Assert.Equal(2, h.Emails.Calls);
        Assert.Single(h.Emails.Sent);
        Assert.Equal(LedgerStatus.Sent, (await h.Get<DeliveryLedger>().GetAsync(statement, subscription, ct))?.Status);
        Assert.Equal(0, await h.PoisonCountAsync());
    }

    private static DateTimeOffset StartOf(FaultHarness h) => h.Time!.Start;

    /// <summary>Stores the threat through the analyse stage, then drops the deliveries it queued so the test drives them.</summary>
    internal static async Task<string> StoreThreatWithoutDeliveriesAsync(FaultHarness h, CancellationToken ct)
    {
        var outcome = await h.Get<StatementProcessor>().ProcessAsync(FaultHarness.Candidate(), ct);
        Assert.True(outcome.Statement.Analysis.Threat);
        await h.Harness.Queue(AlertsNames.Queues.Deliveries).ClearMessagesAsync(ct);
        return outcome.Statement.Id;
    }
}
