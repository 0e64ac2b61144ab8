using Alerts.Core.Configuration;
using Alerts.Core.Delivery;
using Alerts.Core.Officials;
using Alerts.Core.Pipeline;
using Alerts.Core.Statements;
using Alerts.Core.Storage;
using Alerts.Core.Subscriptions;
using Alerts.Core.IntegrationTests.Delivery;
using Alerts.Local.Pipeline;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Core.IntegrationTests.Subscriptions;

/// <summary>
/// The done-when: over real Azurite and the SendGrid fake, one subscriber goes from subscribe to
/// confirm to alert to unsubscribe; each alert sends exactly one email even when its delivery message is
/// processed twice at once, and nothing is sent after unsubscribing.
/// </summary>
[Collection(AzuriteSuite.Name)]
public sealed class SubscriberJourney_EndToEnd(DeliveryFixture fixture) : IClassFixture<DeliveryFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static StatementCandidate Candidate(string officialId, string text) => new(
        StatementKey.Compute(officialId, text), officialId, "Defence Minister", "seed-news", "Example News", TestData.Unique("item"),
        "https://news.example.org/" + TestData.Unique("story"), "Minister warns", text, DateTimeOffset.UtcNow.AddMinutes(-20), DateTimeOffset.UtcNow, TestData.Unique("corr"));

    [Fact]
    public async Task TakesASubscriberFromSubscribeToUnsubscribeWithExactlyOneEmailPerAlert()
    {
        var fake = fixture.RequireSendGrid();
        await using var services = fixture.Build();
        var official = TestData.Unique("minister");
        await services.GetRequiredService<OfficialStore>().UpsertAsync(new Official(official, "Defence Minister", ["the minister"]), Ct);
        var email = TestData.Unique("analyst") + "@example.org";
        var subscriptions = services.GetRequiredService<SubscriptionService>();
        var handler = services.GetRequiredService<QueueMessageHandler>();
        var deliverer = services.GetRequiredService<AlertDeliverer>();
        var runner = services.GetRequiredService<LocalPipelineRunner>();
        var queues = services.GetRequiredService<QueueWriter>();
        var deliveriesQueue = services.GetRequiredService<StorageClients>().Queue(AlertsNames.Queues.Deliveries);
        int Emails() => fake.Delivered.Count(r => r.To == email);

        // Subscribe: pending, one confirmation email, no alerts yet.
        Assert.True((await subscriptions.SubscribeAsync(new SubscriptionForm(email, [official], "medium", [], "immediate"), Ct)).IsValid);
        var confirmation = Assert.Single(fake.Delivered, r => r.To == email);
        await handler.HandleAsync(AlertsNames.Queues.Statements, QueueMessageJson.Serialize(Candidate(official, "Before confirming, the minister promised a \"crushing\" response.")), "m-0", Ct);
        Assert.Equal(0, (await deliveriesQueue.GetPropertiesAsync(Ct)).Value.ApproximateMessagesCount);

        // Confirm.
        var (confirmed, _) = await subscriptions.ConfirmAsync(SubscriptionService_Azurite.TokenFrom(confirmation.Content("text/plain"), "confirm"), Ct);
        Assert.Equal(LinkOutcome.Done, confirmed);

        // Alert 1: the analyse stage queues one delivery; that message is then handled twice at once by the
        // queue handler (a redelivered copy) and by two more workers calling the deliverer directly.
        await handler.HandleAsync(AlertsNames.Queues.Statements, QueueMessageJson.Serialize(Candidate(official, "The minister warned of a \"crushing\" military response to any incursion.")), "m-1", Ct);
        QueueMessage[] received = await deliveriesQueue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1), Ct);
        var message = Assert.Single(received);
        var request = QueueMessageJson.TryDeserialize<DeliveryRequest>(message.MessageText, out var parsed, out _) ? parsed : null;
        Assert.NotNull(request);
        await Task.WhenAll(
            Task.Run(() => handler.HandleAsync(AlertsNames.Queues.Deliveries, message.MessageText, message.MessageId, Ct), Ct),
            Task.Run(() => handler.HandleAsync(AlertsNames.Queues.Deliveries, message.MessageText, message.MessageId, Ct), Ct),
            Task.Run(() => deliverer.DeliverAsync(request, "another-copy-1", Ct), Ct),
            Task.Run(() => deliverer.DeliverAsync(request, "another-copy-2", Ct), Ct));
        await deliveriesQueue.DeleteMessageAsync(message.MessageId, message.PopReceipt, Ct);
        Assert.Equal(2, Emails());

        // The same delivery message arriving twice more through the queue (at-least-once) sends nothing new.
        await queues.SendAsync(AlertsNames.Queues.Deliveries, request, Ct);
        await queues.SendAsync(AlertsNames.Queues.Deliveries, request, Ct);
        await runner.DrainAsync(Ct);
        Assert.Equal(2, Emails());

        // Alert 2, all through the local pipeline runner, reported by a second outlet too: one email.
        var second = Candidate(official, "He threatened to impose a naval blockade and \"crushing\" sanctions.");
        await queues.SendAsync(AlertsNames.Queues.Statements, second, Ct);
        await queues.SendAsync(AlertsNames.Queues.Statements, second with { SourceId = "other-outlet", ItemId = TestData.Unique("item") }, Ct);
        await runner.DrainAsync(Ct);
        Assert.Equal(3, Emails());
        var alert = fake.Delivered.Last(r => r.To == email);
        Assert.Empty(alert.SchemaErrors);
        Assert.Contains("Defence Minister", alert.Subject, StringComparison.Ordinal);

        // Unsubscribe the way a mailbox provider does: the List-Unsubscribe URL, twice (idempotent).
        var unsubscribeUrl = alert.Header("List-Unsubscribe")!.Trim('<', '>');
        var token = SubscriptionService_Azurite.TokenFrom(unsubscribeUrl, "unsubscribe");
        Assert.Equal(LinkOutcome.Done, await subscriptions.UnsubscribeAsync(token, Ct));
        Assert.Equal(LinkOutcome.Done, await subscriptions.UnsubscribeAsync(token, Ct));

        // Alert 3 after unsubscribing: nothing, neither through the pipeline nor a stray old delivery.
        await queues.SendAsync(AlertsNames.Queues.Statements, Candidate(official, "The minister again warned of a \"crushing\" response and war."), Ct);
        await runner.DrainAsync(Ct);
        var stray = await deliverer.DeliverAsync(request with { StatementId = StatementKey.Compute(official, "The minister again warned of a \"crushing\" response and war.") }, "late", Ct);
        Assert.Equal(DeliveryOutcomeKind.Skipped, stray.Kind);
        Assert.Equal(3, Emails());
        Assert.All(fake.Requests, r => Assert.Empty(r.SchemaErrors));
    }
}
