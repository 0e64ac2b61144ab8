using Alerts.Core.Delivery;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Core.IntegrationTests.Delivery;

/// <summary>Who may take a claimed (statement, subscriber) row, over real Azurite.</summary>
[Collection(AzuriteSuite.Name)]
public sealed class DeliveryLedger_Claims(DeliveryFixture fixture) : IClassFixture<DeliveryFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task LetsOnlyOneOfManySimultaneousClaimsWinEvenWithTheSameOwner()
    {
        fixture.RequireSendGrid();
        await using var services = fixture.Build();
        var ledger = services.GetRequiredService<DeliveryLedger>();
        var statement = TestData.Unique("st");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() => ledger.TryClaimAsync(statement, "sub-1", i % 2 == 0 ? "msg-1" : $"msg-{i}", Ct), Ct)));

        Assert.Single(outcomes, o => o == ClaimOutcome.Claimed);
        Assert.All(outcomes.Where(o => o != ClaimOutcome.Claimed), o => Assert.Equal(ClaimOutcome.HeldByOther, o));
    }

    [Fact]
    public async Task HandsAReleasedClaimToTheNextMessageAtOnce()
    {
        fixture.RequireSendGrid();
        await using var services = fixture.Build();
        var ledger = services.GetRequiredService<DeliveryLedger>();
        var statement = TestData.Unique("st");
        await ledger.TryClaimAsync(statement, "sub-1", "msg-1", Ct);

        var before = await ledger.TryClaimAsync(statement, "sub-1", "msg-2", Ct);
        await ledger.ReleaseAsync(statement, "sub-1", "msg-2", "not mine to release", Ct);
        var stillHeld = await ledger.TryClaimAsync(statement, "sub-1", "msg-2", Ct);
        await ledger.ReleaseAsync(statement, "sub-1", "msg-1", "SendGrid 503", Ct);
        var after = await ledger.TryClaimAsync(statement, "sub-1", "msg-2", Ct);

        Assert.Equal(ClaimOutcome.HeldByOther, before);
        Assert.Equal(ClaimOutcome.HeldByOther, stillHeld);
        Assert.Equal(ClaimOutcome.Claimed, after);
    }

    [Fact]
    public async Task LetsTheSameMessageResumeAfterACrashAndAnyoneAfterTheLease()
    {
        fixture.RequireSendGrid();
        var clock = new InstantDelayTimeProvider(TimeProvider.System);
        await using var services = fixture.Build(clock);
        var ledger = services.GetRequiredService<DeliveryLedger>();
        var statement = TestData.Unique("st");
        await ledger.TryClaimAsync(statement, "sub-1", "msg-1", Ct);

        clock.Advance(DeliveryLedger.InFlight + TimeSpan.FromSeconds(1));
        var stranger = await ledger.TryClaimAsync(statement, "sub-1", "msg-2", Ct);
        var own = await ledger.TryClaimAsync(statement, "sub-1", "msg-1", Ct);
        clock.Advance(DeliveryLedger.Lease + TimeSpan.FromSeconds(1));
        var afterLease = await ledger.TryClaimAsync(statement, "sub-1", "msg-2", Ct);
        await ledger.MarkSentAsync(statement, "sub-1", "id-1", Ct);
        var sent = await ledger.TryClaimAsync(statement, "sub-1", "msg-3", Ct);

        Assert.Equal(ClaimOutcome.HeldByOther, stranger);
        Assert.Equal(ClaimOutcome.Claimed, own);
        Assert.Equal(ClaimOutcome.Claimed, afterLease);
        Assert.Equal(ClaimOutcome.AlreadySent, sent);
    }
}
