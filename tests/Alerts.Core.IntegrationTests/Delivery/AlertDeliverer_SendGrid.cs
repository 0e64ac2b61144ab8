using Alerts.Core.Delivery;
using Alerts.Core.Email;
using Alerts.Core.Statements;
using Alerts.Core.Subscriptions;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Core.IntegrationTests.Delivery;

/// <summary>Delivery through SendGridEmailSender against the local fake, over real Azurite: retries, failures, the ledger.</summary>
[Collection(AzuriteSuite.Name)]
public sealed class AlertDeliverer_SendGrid(DeliveryFixture fixture) : IClassFixture<DeliveryFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(StoredStatement Statement, Subscription Subscription)> SeedAsync(IServiceProvider services)
    {
        var statement = TestData.Statement(TestData.Unique("official"), "Defence Minister", DateTimeOffset.UtcNow);
        await services.GetRequiredService<StatementStore>().TryAddAsync(statement, Ct);
        var subscription = TestData.Active(TestData.Unique("reader") + "@example.org");
        await services.GetRequiredService<SubscriptionStore>().UpsertAsync(subscription, Ct);
        return (statement, subscription);
    }

    private static DeliveryRequest Request(StoredStatement s, Subscription sub) => new(s.Id, sub.Id, s.CorrelationId);

    [Fact]
    public async Task SendsAnAlertThatPassesThePublishedSchemaWithBothBodiesAndUnsubscribeHeaders()
    {
        var fake = fixture.RequireSendGrid();
        await using var services = fixture.Build();
        var (statement, subscription) = await SeedAsync(services);

        var outcome = await services.GetRequiredService<AlertDeliverer>().DeliverAsync(Request(statement, subscription), "msg-1", Ct);

        Assert.Equal(DeliveryOutcomeKind.Sent, outcome.Kind);
        var sent = Assert.Single(fake.Requests);
        Assert.Empty(sent.SchemaErrors);
        Assert.Equal(FakeReply.Accept, sent.Reply);
        Assert.Equal(subscription.Email, sent.To);
        Assert.Contains("Defence Minister", sent.Subject, StringComparison.Ordinal);
        Assert.Contains("HIGH", sent.Subject, StringComparison.Ordinal);
        Assert.Contains("crushing", sent.Subject, StringComparison.Ordinal);
        Assert.Contains("<mark", sent.Content("text/html"), StringComparison.Ordinal);
        Assert.Contains("crushing", sent.Content("text/plain"), StringComparison.Ordinal);
        Assert.StartsWith("<" + DeliveryFixture.PublicBaseUrl + "/api/unsubscribe?token=", sent.Header("List-Unsubscribe"), StringComparison.Ordinal);
        Assert.Equal("List-Unsubscribe=One-Click", sent.Header("List-Unsubscribe-Post"));
        Assert.Equal(statement.Id, sent.CustomArg("statement_id"));
        Assert.False(sent.Json?["tracking_settings"]?["click_tracking"]?["enable"]?.GetValue<bool>());
        var ledger = await services.GetRequiredService<DeliveryLedger>().GetAsync(statement.Id, subscription.Id, Ct);
        Assert.Equal(LedgerStatus.Sent, ledger?.Status);
        Assert.StartsWith("fake-", ledger?.MessageId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RetriesA429HonouringXRateLimitResetAndSendsOnce()
    {
        var fake = fixture.RequireSendGrid();
        var clock = new InstantDelayTimeProvider(TimeProvider.System);
        await using var services = fixture.Build(clock);
        var (statement, subscription) = await SeedAsync(services);
        fake.Next(FakeReply.TooManyWithReset);

        var outcome = await services.GetRequiredService<AlertDeliverer>().DeliverAsync(Request(statement, subscription), "msg-1", Ct);

        Assert.Equal(DeliveryOutcomeKind.Sent, outcome.Kind);
        Assert.Equal([FakeReply.TooManyWithReset, FakeReply.Accept], fake.Requests.Select(r => r.Reply));
        Assert.Single(fake.Delivered);
        // The fake's reset is two seconds ahead: the wait follows it, not the 0.5 s default backoff.
        Assert.Contains(clock.Delays, d => d >= TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task BacksOffExponentiallyOnA429WithoutRateLimitHeaders()
    {
        var fake = fixture.RequireSendGrid();
        var clock = new InstantDelayTimeProvider(TimeProvider.System);
        await using var services = fixture.Build(clock);
        var (statement, subscription) = await SeedAsync(services);
        fake.Next(FakeReply.TooManyWithoutReset, FakeReply.TooManyWithoutReset);

        var outcome = await services.GetRequiredService<AlertDeliverer>().DeliverAsync(Request(statement, subscription), "msg-1", Ct);

        Assert.Equal(DeliveryOutcomeKind.Sent, outcome.Kind);
        Assert.Equal(3, fake.Requests.Count);
        Assert.Equal(2, clock.Delays.Count);
        Assert.True(clock.Delays[1] > clock.Delays[0] + TimeSpan.FromMilliseconds(250), $"second wait {clock.Delays[1]} should be about double the first {clock.Delays[0]}");
    }

    [Fact]
    public async Task RetriesA500AndSendsOnce()
    {
        var fake = fixture.RequireSendGrid();
        await using var services = fixture.Build();
        var (statement, subscription) = await SeedAsync(services);
        fake.Next(FakeReply.ServerError);

        var outcome = await services.GetRequiredService<AlertDeliverer>().DeliverAsync(Request(statement, subscription), "msg-1", Ct);

        Assert.Equal(DeliveryOutcomeKind.Sent, outcome.Kind);
        Assert.Single(fake.Delivered);
    }

    [Fact]
    public async Task LeavesTheRetryToTheQueueWhenEveryAttemptFailsAndTheRedeliverySendsOnce()
    {
        var fake = fixture.RequireSendGrid();
        await using var services = fixture.Build();
        var (statement, subscription) = await SeedAsync(services);
        var deliverer = services.GetRequiredService<AlertDeliverer>();
        fake.Next(FakeReply.ServerError, FakeReply.ServerError, FakeReply.ServerError);

        await Assert.ThrowsAsync<DeliveryRetryException>(() => deliverer.DeliverAsync(Request(statement, subscription), "msg-1", Ct));
        Assert.Equal(LedgerStatus.Sending, (await services.GetRequiredService<DeliveryLedger>().GetAsync(statement.Id, subscription.Id, Ct))?.Status);

        var redelivery = await deliverer.DeliverAsync(Request(statement, subscription), "msg-1", Ct);
        Assert.Equal(DeliveryOutcomeKind.Sent, redelivery.Kind);
        Assert.Single(fake.Delivered);
    }

    [Fact]
    public async Task RecordsA400AsAPermanentFailureWithTheReasonAndNeverRetries()
    {
        var fake = fixture.RequireSendGrid();
        await using var services = fixture.Build();
        var (statement, subscription) = await SeedAsync(services);
        var deliverer = services.GetRequiredService<AlertDeliverer>();
        fake.Next(FakeReply.BadRequest);

        var outcome = await deliverer.DeliverAsync(Request(statement, subscription), "msg-1", Ct);
        var again = await deliverer.DeliverAsync(Request(statement, subscription), "msg-1", Ct);

        Assert.Equal(DeliveryOutcomeKind.Failed, outcome.Kind);
        Assert.Equal(DeliveryOutcomeKind.Skipped, again.Kind);
        Assert.Single(fake.Requests);
        var ledger = await services.GetRequiredService<DeliveryLedger>().GetAsync(statement.Id, subscription.Id, Ct);
        Assert.Equal(LedgerStatus.Failed, ledger?.Status);
        Assert.Contains("400", ledger?.Error, StringComparison.Ordinal);
        Assert.Contains("Sender Identity", ledger?.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DoesNotRetryATimedOutRequestInProcessBecauseItMayHaveSent()
    {
        var fake = fixture.RequireSendGrid();
        await using var services = fixture.Build();
        var (statement, subscription) = await SeedAsync(services);
        fake.Next(FakeReply.Hang);

        var error = await Assert.ThrowsAsync<DeliveryRetryException>(() =>
            services.GetRequiredService<AlertDeliverer>().DeliverAsync(Request(statement, subscription), "msg-1", Ct));

        Assert.Contains("timed out", error.Message, StringComparison.Ordinal);
        Assert.Single(fake.Requests);
        Assert.Equal(LedgerStatus.Sending, (await services.GetRequiredService<DeliveryLedger>().GetAsync(statement.Id, subscription.Id, Ct))?.Status);
    }

    [Fact]
    public async Task SendsOneEmailWhenTheSameDeliveryIsProcessedEightTimesAtOnce()
    {
        var fake = fixture.RequireSendGrid();
        await using var services = fixture.Build();
        var (statement, subscription) = await SeedAsync(services);
        var deliverer = services.GetRequiredService<AlertDeliverer>();

        // Half share the message id (a redelivered copy), half are other workers holding another copy.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => deliverer.DeliverAsync(Request(statement, subscription), i % 2 == 0 ? "msg-1" : $"other-{i}", Ct), Ct)));

        Assert.Single(fake.Delivered);
        Assert.Single(outcomes, o => o.Kind == DeliveryOutcomeKind.Sent);
    }

    [Fact]
    public async Task SendsNothingToAnUnconfirmedOrUnsubscribedSubscriber()
    {
        var fake = fixture.RequireSendGrid();
        await using var services = fixture.Build();
        var (statement, subscription) = await SeedAsync(services);
        var store = services.GetRequiredService<SubscriptionStore>();
        var deliverer = services.GetRequiredService<AlertDeliverer>();

        await store.UpsertAsync(subscription with { Status = SubscriptionStatus.Pending }, Ct);
        var pending = await deliverer.DeliverAsync(Request(statement, subscription), "msg-1", Ct);
        await store.UpsertAsync(subscription with { Status = SubscriptionStatus.Unsubscribed }, Ct);
        var unsubscribed = await deliverer.DeliverAsync(Request(statement, subscription), "msg-2", Ct);

        Assert.Equal(DeliveryOutcomeKind.Skipped, pending.Kind);
        Assert.Equal(DeliveryOutcomeKind.Skipped, unsubscribed.Kind);
        Assert.Empty(fake.Requests);
        Assert.DoesNotContain(await store.FindRecipientsAsync(statement, Ct), s => s.Id == subscription.Id);
    }
}
