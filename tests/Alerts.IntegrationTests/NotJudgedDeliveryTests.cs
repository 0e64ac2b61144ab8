using Alerts.Core.Configuration;
using Alerts.Core.Statements;
using Alerts.Core.Subscriptions;
using Alerts.Core.Threats;
using Alerts.IntegrationTests.Reliability;

namespace Alerts.IntegrationTests;

/// <summary>
/// A statement in a language the judge cannot read is stored as not judged and goes, with its original text and a
/// note saying why, only to subscribers of that official who asked for such statements.
/// </summary>
[Collection(ReliabilitySuite.Name)]
public sealed class NotJudgedDeliveryTests(AzuriteFixture azurite)
{
    private const string UrduThreat = "ہم حملہ آور کو کچل دیں گے";

    [Fact]
    public async Task ANotJudgedStatementReachesOnlyTheSubscriberWhoAskedForThem_WithTheOriginalAndANote()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await FaultHarness.CreateAsync(azurite.ConnectionString);
        await h.SeedAsync();
        var store = h.Get<SubscriptionStore>();
        var asker = await store.GetAsync(SubscriptionStore.IdFor(FaultHarness.SecondSubscriber), ct);
        await store.UpsertAsync(asker! with { IncludeNotJudged = true }, ct);
        var candidate = FaultHarness.Candidate(text: UrduThreat, itemId: "item-urdu");

        await h.SendAsync(AlertsNames.Queues.Statements, candidate);
        await h.DrainAsync();

        var stored = await h.Get<StatementStore>().GetAsync(candidate.StatementId, ct);
        Assert.NotNull(stored);
        Assert.False(stored.Analysis.Judged);
        Assert.Equal("ur", stored.Analysis.Language);
        var email = Assert.Single(h.Emails.Sent);
        Assert.Equal(FaultHarness.SecondSubscriber, email.To);
        Assert.Contains("NOT JUDGED", email.Subject, StringComparison.Ordinal);
        Assert.Contains("Urdu", email.Text, StringComparison.Ordinal);
        Assert.Contains(UrduThreat, email.Text, StringComparison.Ordinal);
        Assert.Contains("does not read", email.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutTheChoiceNobodyIsMailed_AndTheStatementIsStillStored()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await FaultHarness.CreateAsync(azurite.ConnectionString);
        await h.SeedAsync();
        var candidate = FaultHarness.Candidate(text: UrduThreat, itemId: "item-urdu-2");

        await h.SendAsync(AlertsNames.Queues.Statements, candidate);
        await h.DrainAsync();

        Assert.Empty(h.Emails.Sent);
        var stored = await h.Get<StatementStore>().GetAsync(candidate.StatementId, ct);
        Assert.False(stored!.Analysis.Judged);
        Assert.NotNull(stored.DeliveriesQueuedAt);
    }

    [Fact]
    public void ASubscriberWhoAskedOnlyGetsNotJudgedStatementsOfTheOfficialsTheyFollow()
    {
        var now = DateTimeOffset.UtcNow;
        var follower = new Subscription("s", "a@example.org", ["other-official"], ThreatLevel.Low, [], DeliveryMode.Immediate, SubscriptionStatus.Active, now, now) { IncludeNotJudged = true };
        var statement = new StoredStatement("id", "khawaja-asif", "Khawaja Asif", UrduThreat, null, null, [], null, now, ThreatAnalysis.NotJudged("v", "ur"), "c");

        Assert.False(follower.Wants(statement));
        Assert.True((follower with { OfficialIds = ["khawaja-asif"] }).Wants(statement));
        Assert.False((follower with { OfficialIds = ["khawaja-asif"], IncludeNotJudged = false }).Wants(statement));
    }
}
