using Alerts.Core.Delivery;
using Alerts.Core.Email;
using Alerts.Core.Statements;
using Alerts.Core.Subscriptions;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Core.IntegrationTests.Delivery;

/// <summary>
/// Ledger rows left at Sending past the lease are settled from SendGrid's record (the fake answers the Email
/// Activity query from the mail it accepted), over real Azurite; the reconciler itself never sends.
/// </summary>
[Collection(AzuriteSuite.Name)]
public sealed class DeliveryReconciler_SendGrid(DeliveryFixture fixture) : IClassFixture<DeliveryFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(Subscription Subscriber, StoredStatement Statement)> SeedAsync(IServiceProvider services)
    {
        var subscriber = TestData.Active(TestData.Unique("reconcile") + "@example.org");
        await services.GetRequiredService<SubscriptionStore>().UpsertAsync(subscriber, Ct);
        return (subscriber, await NewStatementAsync(services));
    }

    private static async Task<StoredStatement> NewStatementAsync(IServiceProvider services)
    {
        var statement = TestData.Statement("any-official", "Defence Minister", DateTimeOffset.UtcNow);
        await services.GetRequiredService<StatementStore>().TryAddAsync(statement, Ct);
        return statement;
    }

    [Fact]
    public async Task SettlesStaleClaimsFromSendGridsRecordWithoutSendingAndTheRedeliverySendsOnlyWhatNeverWentOut()
    {
        var fake = fixture.RequireSendGrid();
        var clock = new InstantDelayTimeProvider(TimeProvider.System);
        await using var services = fixture.Build(clock);
        var ledger = services.GetRequiredService<DeliveryLedger>();
        var (subscriber, sentButNotRecorded) = await SeedAsync(services);
        var neverSent = await NewStatementAsync(services);
        var fresh = await NewStatementAsync(services);

        // A worker claimed, sent and died before recording; another claimed and died before sending.
        await ledger.TryClaimAsync(sentButNotRecorded.Id, subscriber.Id, "m-a", Ct);
        var first = await services.GetRequiredService<IEmailSender>().SendAsync(services.GetRequiredService<AlertEmailRenderer>().Render(sentButNotRecorded, subscriber), Ct);
        await ledger.TryClaimAsync(neverSent.Id, subscriber.Id, "m-b", Ct);
        clock.Advance(DeliveryReconciler.StaleAfter + TimeSpan.FromMinutes(1));
        await ledger.TryClaimAsync(fresh.Id, subscriber.Id, "m-c", Ct);
        var mailBefore = fake.Requests.Count;

        await services.GetRequiredService<DeliveryReconciler>().ReconcileAsync(Ct);

        Assert.Equal(mailBefore, fake.Requests.Count);
        var settled = await ledger.GetAsync(sentButNotRecorded.Id, subscriber.Id, Ct);
        Assert.Equal(LedgerStatus.Sent, settled?.Status);
        Assert.StartsWith(first.MessageId!, settled?.MessageId, StringComparison.Ordinal);
        Assert.Equal((LedgerStatus.Sending, true), (await ledger.GetAsync(neverSent.Id, subscriber.Id, Ct)) is { } b ? (b.Status, b.Released) : default);
        Assert.Equal((LedgerStatus.Sending, false), (await ledger.GetAsync(fresh.Id, subscriber.Id, Ct)) is { } c ? (c.Status, c.Released) : default);
        Assert.Contains($"(unique_args['statement_id']=\"{sentButNotRecorded.Id}\" AND unique_args['subscription_id']=\"{subscriber.Id}\")", fake.ActivityQueries);

        var deliverer = services.GetRequiredService<AlertDeliverer>();
        var again = await deliverer.DeliverAsync(new DeliveryRequest(sentButNotRecorded.Id, subscriber.Id, "c"), "m-a2", Ct);
        var retried = await deliverer.DeliverAsync(new DeliveryRequest(neverSent.Id, subscriber.Id, "c"), "m-b2", Ct);

        Assert.Equal(DeliveryOutcomeKind.Skipped, again.Kind);
        Assert.Equal(DeliveryOutcomeKind.Sent, retried.Kind);
        Assert.Single(fake.Delivered, r => r.CustomArg("statement_id") == sentButNotRecorded.Id);
        Assert.Single(fake.Delivered, r => r.CustomArg("statement_id") == neverSent.Id);
    }

    [Fact]
    public async Task MarksAStaleClaimUnknownWhenSendGridsRecordCannotBeReadAndNothingSendsItAgain()
    {
        var fake = fixture.RequireSendGrid();
        fake.ActivityAvailable = false;
        var clock = new InstantDelayTimeProvider(TimeProvider.System);
        await using var services = fixture.Build(clock);
        var ledger = services.GetRequiredService<DeliveryLedger>();
        var (subscriber, statement) = await SeedAsync(services);
        await ledger.TryClaimAsync(statement.Id, subscriber.Id, "m-d", Ct);
        clock.Advance(DeliveryReconciler.StaleAfter + TimeSpan.FromMinutes(1));

        var result = await services.GetRequiredService<DeliveryReconciler>().ReconcileAsync(Ct);
        var redelivered = await services.GetRequiredService<AlertDeliverer>().DeliverAsync(new DeliveryRequest(statement.Id, subscriber.Id, "c"), "m-d", Ct);

        Assert.True(result.Unknown >= 1);
        Assert.Equal(LedgerStatus.Unknown, (await ledger.GetAsync(statement.Id, subscriber.Id, Ct))?.Status);
        Assert.Equal(DeliveryOutcome.Skipped(nameof(ClaimOutcome.AlreadyUnknown)), redelivered);
        Assert.Empty(fake.Requests);
    }
}
