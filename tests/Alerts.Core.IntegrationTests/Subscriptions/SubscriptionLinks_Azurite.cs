using Alerts.Core.Subscriptions;
using Alerts.Core.IntegrationTests.Delivery;
using Alerts.Core.Threats;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Core.IntegrationTests.Subscriptions;

/// <summary>
/// The sign-up and link flow against an attacker: confirm links that stop minting links, filters a stranger
/// cannot rewrite, a throttle that holds when sending fails, preference links that can be signed out, ids
/// that do not reveal the address, and an answer whose timing does not tell a throttled address apart.
/// </summary>
[Collection(AzuriteSuite.Name)]
public sealed class SubscriptionLinks_Azurite(DeliveryFixture fixture) : IClassFixture<DeliveryFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static SubscriptionForm Form(string email, string level = "medium", string mode = "immediate") => new(email, ["all"], level, [], mode);

    [Fact]
    public async Task AConfirmLinkAnswersAlreadyConfirmedOnceConfirmedAndMintsNoFreshLinks()
    {
        var fake = fixture.RequireSendGrid();
        await using var services = fixture.Build();
        var service = services.GetRequiredService<SubscriptionService>();
        var email = TestData.Unique("twice") + "@example.org";
        await service.SubscribeAsync(Form(email), Ct);
        var token = SubscriptionService_Azurite.TokenFrom(Assert.Single(fake.Delivered, r => r.To == email).Content("text/plain"), "confirm");

        var first = await service.ConfirmAsync(token, Ct);
        var second = await service.ConfirmAsync(token, Ct);

        Assert.Equal(LinkOutcome.Done, first.Outcome);
        Assert.NotNull(first.Subscription);
        Assert.Equal((LinkOutcome.AlreadyConfirmed, (Subscription?)null), second);
        Assert.Equal(LinkOutcome.AlreadyConfirmed, await service.CheckConfirmAsync(token, Ct));
    }

    [Fact]
    public async Task ASecondSignUpOfAPendingAddressCannotRewriteItsFilters()
    {
        var fake = fixture.RequireSendGrid();
        var clock = new InstantDelayTimeProvider(TimeProvider.System);
        await using var services = fixture.Build(clock);
        var service = services.GetRequiredService<SubscriptionService>();
        var email = TestData.Unique("victim") + "@example.org";
        await service.SubscribeAsync(Form(email, "high", "immediate"), Ct);

        clock.Advance(SubscriptionService.ResendInterval + TimeSpan.FromMinutes(1));
        await service.SubscribeAsync(Form(email, "critical", "digest"), Ct);
        var token = SubscriptionService_Azurite.TokenFrom(fake.Delivered.Last(r => r.To == email).Content("text/plain"), "confirm");
        var (_, confirmed) = await service.ConfirmAsync(token, Ct);

        Assert.Equal(2, fake.Delivered.Count(r => r.To == email));
        Assert.Equal((ThreatLevel.High, DeliveryMode.Immediate), (confirmed!.MinimumLevel, confirmed.Mode));
    }

    [Fact]
    public async Task RecordsThePerAddressThrottleBeforeSendingSoAFailingSendIsNotRetriedOnDemand()
    {
        var fake = fixture.RequireSendGrid();
        await using var services = fixture.Build();
        var service = services.GetRequiredService<SubscriptionService>();
        var email = TestData.Unique("bounce") + "@example.org";
        fake.Next(FakeReply.BadRequest);

        for (var i = 0; i < 4; i++)
        {
            await service.SubscribeAsync(Form(email), Ct);
        }

        Assert.Single(fake.Requests, r => r.To == email);
        Assert.NotNull((await services.GetRequiredService<SubscriptionStore>().FindByEmailAsync(email, Ct))?.ConfirmationSentAt);
    }

    [Fact]
    public async Task SigningOutLinksRevokesEveryEarlierPreferencesLinkButNotTheUnsubscribeLink()
    {
        fixture.RequireSendGrid();
        await using var services = fixture.Build();
        var service = services.GetRequiredService<SubscriptionService>();
        var store = services.GetRequiredService<SubscriptionStore>();
        var subscription = TestData.Active(TestData.Unique("forwarded") + "@example.org");
        await store.UpsertAsync(subscription, Ct);
        var forwarded = service.LinkToken(SubscriptionTokens.Preferences, subscription);
        var own = service.LinkToken(SubscriptionTokens.Preferences, subscription);
        var unsubscribe = service.LinkToken(SubscriptionTokens.Unsubscribe, subscription);

        Assert.Equal(LinkOutcome.Done, await service.SignOutLinksAsync(own, Ct));

        Assert.Null(await service.ForPreferencesAsync(forwarded, Ct));
        Assert.Equal(LinkOutcome.Invalid, (await service.UpdatePreferencesAsync(forwarded, new SubscriptionForm(null, ["all"], "low", [], "digest"), Ct)).Outcome);
        Assert.Equal(LinkOutcome.Invalid, await service.SignOutLinksAsync(own, Ct));
        var fresh = service.LinkToken(SubscriptionTokens.Preferences, (await store.GetAsync(subscription.Id, Ct))!);
        Assert.NotNull(await service.ForPreferencesAsync(fresh, Ct));
        Assert.Equal(LinkOutcome.Done, await service.UnsubscribeAsync(unsubscribe, Ct));
        Assert.Equal(SubscriptionStatus.Unsubscribed, (await store.GetAsync(subscription.Id, Ct))?.Status);
    }

    [Fact]
    public async Task GivesNewSubscriptionsRandomIdsThatSayNothingAboutTheAddressAndStillFindsLegacyRows()
    {
        var fake = fixture.RequireSendGrid();
        await using var services = fixture.Build();
        var service = services.GetRequiredService<SubscriptionService>();
        var store = services.GetRequiredService<SubscriptionStore>();
        var email = TestData.Unique("private") + "@example.org";
        var legacy = TestData.Active(TestData.Unique("legacy") + "@example.org");
        await store.UpsertAsync(legacy, Ct);

        await service.SubscribeAsync(Form(email), Ct);
        await service.SubscribeAsync(Form(legacy.Email), Ct);

        var stored = await store.FindByEmailAsync(email, Ct);
        Assert.NotNull(stored);
        Assert.StartsWith("s-", stored.Id, StringComparison.Ordinal);
        Assert.NotEqual(SubscriptionStore.IdFor(email), stored.Id);
        Assert.DoesNotContain(SubscriptionStore.IdFor(email), fake.Delivered.Single(r => r.To == email).Body, StringComparison.Ordinal);
        Assert.Equal(await store.IdForAddressAsync(email.ToUpperInvariant(), Ct), stored.Id);
        Assert.Equal(legacy.Id, (await store.FindByEmailAsync(legacy.Email, Ct))?.Id);
        Assert.Contains("already subscribed", fake.Delivered.Single(r => r.To == legacy.Email).Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PadsTheAnswerToTheSameTimeWhetherAnEmailWentOutOrTheAddressWasThrottled()
    {
        var fake = fixture.RequireSendGrid();
        var clock = new InstantDelayTimeProvider(TimeProvider.System);
        await using var services = fixture.Build(clock, new Dictionary<string, string?> { ["Subscribe:AnswerMilliseconds"] = "1500" });
        var service = services.GetRequiredService<SubscriptionService>();
        var email = TestData.Unique("oracle") + "@example.org";

        await service.SubscribeAsync(Form(email), Ct);
        await service.SubscribeAsync(Form(email), Ct);

        Assert.Single(fake.Delivered, r => r.To == email);
        Assert.Equal(2, clock.Delays.Count);
        Assert.All(clock.Delays, d => Assert.InRange(d, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1500)));
    }
}
