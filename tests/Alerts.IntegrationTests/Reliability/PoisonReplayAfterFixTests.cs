using Alerts.Cli;
using Alerts.Cli.Commands;
using Alerts.Core.Configuration;
using Alerts.Core.Delivery;
using Alerts.Core.Pipeline;
using Alerts.Core.Statements;
using Alerts.Core.Subscriptions;
using Alerts.Local.Pipeline;

namespace Alerts.IntegrationTests.Reliability;

/// <summary>A stage that keeps failing poisons its message after five attempts; once fixed, <c>replay-poison</c> brings it back and it completes once.</summary>
[Collection(ReliabilitySuite.Name)]
public sealed class PoisonReplayAfterFixTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task AStatementPoisonedByAnAnalyserBugIsProcessedOnceWhenReplayedAfterTheFix()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await FaultHarness.CreateAsync(azurite.ConnectionString);
        await h.SeedAsync();
        var candidate = FaultHarness.Candidate(itemId: "item-poisoned");
        h.Analyzer.Broken = true;
        await h.SendAsync(AlertsNames.Queues.Statements, candidate);

        await h.DrainAsync();

        Assert.Equal(1, await h.Harness.CountAsync(AlertsNames.Queues.PoisonOf(AlertsNames.Queues.Statements)));
        Assert.Null(await h.Get<StatementStore>().GetAsync(candidate.StatementId, ct));
        Assert.Empty(h.Emails.Sent);

        h.Analyzer.Broken = false;
        Assert.Equal(0, await ReplayAsync(h, AlertsNames.Queues.Statements, ct));
        await h.DrainAsync();
        Assert.Equal(0, await ReplayAsync(h, AlertsNames.Queues.Statements, ct));
        await h.DrainAsync();

        Assert.NotNull(await h.Get<StatementStore>().GetAsync(candidate.StatementId, ct));
        Assert.Equal(2, h.EmailsPerAlert().Count);
        Assert.All(h.EmailsPerAlert().Values, count => Assert.Equal(1, count));
        Assert.Equal(0, await h.PoisonCountAsync());
    }

    [Fact]
    public async Task ADeliveryPoisonedWhileEmailWasDownIsSentOnceWhenReplayed_AndAReplayOfADuplicateSendsNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await FaultHarness.CreateAsync(azurite.ConnectionString);
        await h.SeedAsync();
        var statement = await CrashRecoveryTests.StoreThreatWithoutDeliveriesAsync(h, ct);
        var request = new DeliveryRequest(statement, SubscriptionStore.IdFor(FaultHarness.FirstSubscriber), "test-correlation");
        var down = true;
        h.Emails.BeforeSend = (_, _) => down ? throw new HttpRequestException("SendGrid unreachable") : Task.CompletedTask;
        await h.SendAsync(AlertsNames.Queues.Deliveries, request);

        await h.DrainAsync();

        Assert.Equal(LocalPipelineRunner.MaxDequeueCount, h.Emails.Calls);
        var entry = await h.Get<DeliveryLedger>().GetAsync(request.StatementId, request.SubscriptionId, ct);
        Assert.Equal(LedgerStatus.Sending, entry?.Status);
        Assert.True(entry?.Released);

        down = false;
        // A second copy of the same request in poison (say the fan-out was resumed) must not send twice.
        await h.Harness.Queue(AlertsNames.Queues.PoisonOf(AlertsNames.Queues.Deliveries)).SendMessageAsync(Core.Storage.QueueMessageJson.Serialize(request), ct);
        Assert.Equal(0, await ReplayAsync(h, AlertsNames.Queues.Deliveries, ct));
        await h.DrainAsync();

        Assert.Single(h.Emails.Sent);
        Assert.Equal(LedgerStatus.Sent, (await h.Get<DeliveryLedger>().GetAsync(request.StatementId, request.SubscriptionId, ct))?.Status);
        Assert.Equal(0, await h.PoisonCountAsync());
    }

    private static async Task<int> ReplayAsync(FaultHarness h, string queue, CancellationToken ct)
    {
        var console = new CliConsole(TextReader.Null, new StringWriter(), new StringWriter());
        return await new CliApp([new ReplayPoisonCommand()]).RunAsync(["replay-poison", queue, "--connection", h.Harness.ConnectionString], console, ct);
    }
}
