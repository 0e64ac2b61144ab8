using Alerts.Core.Configuration;
using Alerts.Core.Delivery;
using Alerts.Core.Pipeline;
using Alerts.Core.Sources;
using Alerts.Core.Statements;
using Alerts.Local.Pipeline;

namespace Alerts.IntegrationTests.Reliability;

/// <summary>
/// The same queue message handled by two workers at once (a visibility timeout that expired while the first was
/// still busy, or two hosts): every stage must still produce one statement and one email per subscriber.
/// </summary>
[Collection(ReliabilitySuite.Name)]
public sealed class ConcurrentWorkerTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task EveryMessageOfAFullCycleHandledByTwoWorkersAtOnceStillGivesOneStatementAndOneEmailPerSubscriber()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await FaultHarness.CreateAsync(azurite.ConnectionString);
        await h.SeedAsync();
        await h.Get<PollScheduler>().ScheduleAsync(null, ct, force: true);

        var doubled = await DrainWithTwoWorkersPerMessageAsync(h, ct);

        Assert.True(doubled[AlertsNames.Queues.PollRequests] >= 1);
        Assert.True(doubled[AlertsNames.Queues.Statements] >= 2);
        Assert.True(doubled[AlertsNames.Queues.Deliveries] >= 2);
        var statements = new List<StoredStatement>();
        await foreach (var s in h.Get<StatementStore>().ListAsync(null, ct))
        {
            statements.Add(s);
        }

        // The seed feed names the official in two items: the threat and the routine press line.
        Assert.Equal(2, statements.Count);
        Assert.All(statements, s => Assert.Equal(1, s.CorroborationCount));
        var threat = Assert.Single(statements, s => s.Analysis.Threat);
        var perAlert = h.EmailsPerAlert();
        Assert.Equal(2, perAlert.Count);
        Assert.All(perAlert, p =>
        {
            Assert.Equal(threat.Id, p.Key.Statement);
            Assert.Equal(1, p.Value);
        });
        Assert.Equal(0, await h.PoisonCountAsync());
    }

    [Fact]
    public async Task TwoWorkersAnalysingTheSameStatementAtOnceStoreItOnceAndQueueItsAlertsUntilDone()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await FaultHarness.CreateAsync(azurite.ConnectionString);
        await h.SeedAsync();
        var candidate = FaultHarness.Candidate();
        var processor = h.Get<StatementProcessor>();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => processor.ProcessAsync(candidate, ct), ct)));

        Assert.Single(outcomes, o => o.Added);
        var stored = await h.Get<StatementStore>().GetAsync(candidate.StatementId, ct);
        Assert.NotNull(stored?.DeliveriesQueuedAt);
        await h.DrainAsync();
        Assert.Equal(2, h.EmailsPerAlert().Count);
        Assert.All(h.EmailsPerAlert().Values, count => Assert.Equal(1, count));
    }

    [Fact]
    public async Task ARunnerWhoseMessageWasTakenOverAfterItsVisibilityRanOutCarriesOn_AndTheAlertGoesOutOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await FaultHarness.CreateAsync(azurite.ConnectionString);
        await h.SeedAsync();
        var slow = 0;
        var slowStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Analyzer.BeforeAnalyze = () =>
        {
            if (Interlocked.Exchange(ref slow, 1) != 0)
            {
                return Task.CompletedTask;
            }

            slowStarted.SetResult();
            return Task.Delay(TimeSpan.FromSeconds(5), ct);
        };
        await h.SendAsync(AlertsNames.Queues.Statements, FaultHarness.Candidate());
        var first = new LocalPipelineRunner(h.Get<Core.Storage.StorageClients>(), h.Get<Core.Storage.QueueWriter>(), h.Get<QueueMessageHandler>(), h.Get<Microsoft.Extensions.Logging.ILogger<LocalPipelineRunner>>()) { VisibilityTimeout = TimeSpan.FromSeconds(1) };

        var slowRun = Task.Run(() => first.DrainAsync(ct), ct);
        await slowStarted.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
        // The first run received the message with a 1 s visibility and is still busy with it: let it show again.
        await Task.Delay(TimeSpan.FromSeconds(1.5), ct);
        await h.DrainAsync();
        await slowRun;

        Assert.Equal(2, h.EmailsPerAlert().Count);
        Assert.All(h.EmailsPerAlert().Values, count => Assert.Equal(1, count));
        Assert.Contains(h.Logs.GetSnapshot(), r => r.Message.Contains("was received again before this run finished", StringComparison.Ordinal));
        Assert.Equal(0, await h.PoisonCountAsync());
    }

    /// <summary>Like the host's drain, but every received message is handed to two handlers in parallel before it is deleted.</summary>
    private static async Task<Dictionary<string, int>> DrainWithTwoWorkersPerMessageAsync(FaultHarness h, CancellationToken ct)
    {
        var handler = h.Get<QueueMessageHandler>();
        var counts = AlertsNames.Queues.All.ToDictionary(q => q, _ => 0);
        for (var round = 0; round < 50; round++)
        {
            var progressed = false;
            foreach (var queue in AlertsNames.Queues.All)
            {
                var client = h.Harness.Queue(queue);
                foreach (var message in (await client.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1), ct)).Value)
                {
                    await Task.WhenAll(
                        Task.Run(() => handler.HandleAsync(queue, message.MessageText, message.MessageId, ct), ct),
                        Task.Run(() => handler.HandleAsync(queue, message.MessageText, message.MessageId, ct), ct));
                    await client.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
                    counts[queue]++;
                    progressed = true;
                }
            }

            if (!progressed)
            {
                return counts;
            }
        }

        throw new InvalidOperationException("The queues did not drain in 50 rounds.");
    }
}
