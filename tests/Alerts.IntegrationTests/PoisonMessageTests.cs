using Alerts.Core.Configuration;
using Alerts.Core.Delivery;
using Alerts.Core.Email;
using Alerts.Core.Pipeline;
using Alerts.Core.Statements;
using Alerts.Core.Storage;
using Alerts.Core.Subscriptions;
using Alerts.Local.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.IntegrationTests;

[Collection(AzuriteSuite.Name)]
public sealed class PoisonMessageTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData(AlertsNames.Queues.PollRequests, "not json at all")]
    [InlineData(AlertsNames.Queues.Statements, "{\"statementId\":\"\",\"text\":\"x\"}")]
    [InlineData(AlertsNames.Queues.Deliveries, "{\"statementId\":\"a/b\",\"subscriptionId\":\"s\"}")]
    [InlineData(AlertsNames.Queues.Deliveries, "null")]
    public async Task UnreadableMessageGoesToPoisonAsItCameAndTheQueueKeepsFlowing(string queue, string message)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await PipelineHarness.CreateAsync(azurite.ConnectionString);
        await harness.Queue(AlertsNames.Queues.PoisonOf(queue)).ClearMessagesAsync(ct);
        await harness.SeedAsync();
        await harness.Queue(queue).SendMessageAsync(message, ct);

        await harness.Get<LocalPipelineRunner>().DrainAsync(ct);

        Assert.Equal(0, await harness.CountAsync(queue));
        var poisoned = (await harness.Queue(AlertsNames.Queues.PoisonOf(queue)).ReceiveMessagesAsync(32, cancellationToken: ct)).Value;
        Assert.Equal(message, Assert.Single(poisoned).MessageText);
    }

    [Fact]
    public async Task DeliveryThatKeepsFailingIsRetriedFiveTimesThenPoisoned_AndSendsNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var sender = new AlwaysBusySender();
        await using var harness = await PipelineHarness.CreateAsync(azurite.ConnectionString, services => services.AddSingleton<IEmailSender>(sender));
        await harness.Queue(AlertsNames.Queues.PoisonOf(AlertsNames.Queues.Deliveries)).ClearMessagesAsync(ct);
        await harness.SeedAsync();
        var statement = await StoreThreatAsync(harness, ct);
        var subscription = SubscriptionStore.IdFor("analyst@example.com");
        await harness.Get<QueueWriter>().SendAsync(AlertsNames.Queues.Deliveries, new DeliveryRequest(statement.Id, subscription, "test"), ct);

        await harness.Get<LocalPipelineRunner>().DrainAsync(ct);

        Assert.Equal(LocalPipelineRunner.MaxDequeueCount, sender.Attempts);
        Assert.Equal(1, await harness.CountAsync(AlertsNames.Queues.PoisonOf(AlertsNames.Queues.Deliveries)));
        var ledger = await harness.Get<DeliveryLedger>().GetAsync(statement.Id, subscription, ct);
        Assert.NotEqual(LedgerStatus.Sent, ledger?.Status);
    }

    internal static async Task<StoredStatement> StoreThreatAsync(PipelineHarness harness, CancellationToken ct)
    {
        const string text = "Khawaja Asif warned that Pakistan's response would be crushing.";
        var candidate = new StatementCandidate(StatementKey.Compute("khawaja-asif", text), "khawaja-asif", "Khawaja Muhammad Asif", "seed-news", "Seed", "item-1", "https://news.example.org/a", "Warning", text, null, DateTimeOffset.UtcNow, "test");
        var outcome = await harness.Get<StatementProcessor>().ProcessAsync(candidate, ct);
        Assert.True(outcome.Statement.Analysis.Threat);
        // The processor queued the delivery itself; drop it so each test controls the deliveries queue.
        await harness.Queue(AlertsNames.Queues.Deliveries).ClearMessagesAsync(ct);
        return outcome.Statement;
    }

    private sealed class AlwaysBusySender : IEmailSender
    {
        private int _attempts;

        public int Attempts => _attempts;

        public Task<EmailSendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _attempts);
            return Task.FromResult(new EmailSendResult(EmailSendStatus.Retryable, Error: "SendGrid 503"));
        }
    }
}
