using Alerts.Core.Feedback;
using Alerts.Core.Subscriptions;
using Alerts.Core.IntegrationTests.Delivery;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Core.IntegrationTests.Subscriptions;

/// <summary>Erasing a subscriber forgets the feedback they gave too (its own class: the feedback CLI test counts every row).</summary>
[Collection(AzuriteSuite.Name)]
public sealed class FeedbackErasure_Azurite(DeliveryFixture fixture) : IClassFixture<DeliveryFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ErasingASubscriberDeletesTheirVerdictsAndReports_AndKeepsEveryoneElses()
    {
        fixture.RequireSendGrid();
        await using var services = fixture.Build();
        var feedback = services.GetRequiredService<FeedbackStore>();
        var official = TestData.Unique("official");
        var statement = TestData.Statement(official, "Defence Minister", DateTimeOffset.UtcNow);
        var leaving = TestData.Unique("sub-leaving");
        var staying = TestData.Unique("sub-staying");
        await feedback.RecordVerdictAsync(statement, leaving, FeedbackVerdict.NotAThreat, Ct);
        await feedback.RecordMissedAsync(official, leaving, "He vowed revenge.", Ct);
        await feedback.RecordVerdictAsync(statement, staying, FeedbackVerdict.Useful, Ct);

        await services.GetRequiredService<SubscriberAdmin>().EraseAsync(leaving, Ct);

        var left = (await feedback.ListAsync(Ct)).Where(e => e.OfficialId == official).ToList();
        Assert.DoesNotContain(left, e => e.SubscriptionId == leaving);
        Assert.Single(left, e => e.SubscriptionId == staying);
    }
}
