using System.Text.RegularExpressions;
using Alerts.Core.Delivery;
using Alerts.Core.Officials;
using Alerts.Core.Statements;
using Alerts.Core.Subscriptions;
using Alerts.Core.IntegrationTests.Delivery;
using Alerts.Core.Threats;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Core.IntegrationTests.Subscriptions;

/// <summary>Double opt-in, preferences, unsubscribe and validation, over real Azurite with emails through the SendGrid fake.</summary>
[Collection(AzuriteSuite.Name)]
public sealed partial class SubscriptionService_Azurite(DeliveryFixture fixture) : IClassFixture<DeliveryFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static string TokenFrom(string? body, string path)
    {
        var match = LinkPattern().Matches(body ?? "").FirstOrDefault(m => m.Groups[1].Value == path)
            ?? throw new InvalidOperationException($"No /api/{path} link in: {body}");
        return Uri.UnescapeDataString(match.Groups[2].Value);
    }

    private static SubscriptionForm Form(string email, string? level = "medium", string? mode = "immediate", IReadOnlyList<string>? officials = null, IReadOnlyList<string>? categories = null) =>
        new(email, officials ?? ["all"], level, categories ?? [], mode);

    [Fact]
    public async Task SendsAConfirmLinkAndOnlyTheConfirmedSubscriptionGetsAlerts()
    {
        var fake = fixture.RequireSendGrid();
        await using var services = fixture.Build();
        var service = services.GetRequiredService<SubscriptionService>();
        var store = services.GetRequiredService<SubscriptionStore>();
        var email = TestData.Unique("new") + "@example.org";
        var statement = TestData.Statement("any-official", "Defence Minister", DateTimeOffset.UtcNow);

        var result = await service.SubscribeAsync(Form(email), Ct);
        Assert.True(result.IsValid);
        Assert.Equal(SubscriptionStatus.Pending, (await store.FindByEmailAsync(email, Ct))?.Status);
        Assert.DoesNotContain(await store.FindRecipientsAsync(statement, Ct), s => s.Email == email);

        var confirmation = Assert.Single(fake.Delivered, r => r.To == email);
        Assert.Empty(confirmation.SchemaErrors);
        Assert.Contains("Confirm", confirmation.Subject, StringComparison.Ordinal);
        var (outcome, confirmed) = await service.ConfirmAsync(TokenFrom(confirmation.Content("text/plain"), "confirm"), Ct);

        Assert.Equal(LinkOutcome.Done, outcome);
        Assert.Equal(SubscriptionStatus.Active, confirmed?.Status);
        Assert.Contains(await store.FindRecipientsAsync(statement, Ct), s => s.Email == email);
    }

    [Fact]
    public async Task AnswersTheSameForNewPendingActiveAndUnsubscribedAddresses()
    {
        var fake = fixture.RequireSendGrid();
        await using var services = fixture.Build();
        var service = services.GetRequiredService<SubscriptionService>();
        var store = services.GetRequiredService<SubscriptionStore>();
        var active = TestData.Active(TestData.Unique("active") + "@example.org");
        var gone = TestData.Active(TestData.Unique("gone") + "@example.org") with { Status = SubscriptionStatus.Unsubscribed };
        await store.UpsertAsync(active, Ct);
        await store.UpsertAsync(gone, Ct);
        var fresh = TestData.Unique("fresh") + "@example.org";

        var answers = new List<SubscriptionFormResult>();
        foreach (var email in new[] { fresh, active.Email, gone.Email })
        {
            answers.Add(await service.SubscribeAsync(Form(email), Ct));
        }

        Assert.All(answers, a => Assert.True(a.IsValid));
        Assert.All(answers, a => Assert.Empty(a.Errors));
        // The difference only shows in the owner's inbox: the active address is told it is already subscribed.
        Assert.Contains("already subscribed", Assert.Single(fake.Delivered, r => r.To == active.Email).Subject, StringComparison.Ordinal);
        Assert.Contains("Confirm", Assert.Single(fake.Delivered, r => r.To == gone.Email).Subject, StringComparison.Ordinal);
        Assert.Equal(SubscriptionStatus.Active, (await store.GetAsync(active.Id, Ct))?.Status);
        Assert.Equal(SubscriptionStatus.Pending, (await store.GetAsync(gone.Id, Ct))?.Status);
    }

    [Fact]
    public async Task SendsAtMostOneConfirmationEmailPerAddressInTenMinutes()
    {
        var fake = fixture.RequireSendGrid();
        var clock = new InstantDelayTimeProvider(TimeProvider.System);
        await using var services = fixture.Build(clock);
        var service = services.GetRequiredService<SubscriptionService>();
        var email = TestData.Unique("flood") + "@example.org";

        for (var i = 0; i < 5; i++)
        {
            await service.SubscribeAsync(Form(email), Ct);
        }

        clock.Advance(SubscriptionService.ResendInterval + TimeSpan.FromSeconds(1));
        await service.SubscribeAsync(Form(email), Ct);

        Assert.Equal(2, fake.Delivered.Count(r => r.To == email));
    }

    [Fact]
    public async Task ExpiresAnUnconfirmedSubscriptionAfterSevenDays()
    {
        var fake = fixture.RequireSendGrid();
        var clock = new InstantDelayTimeProvider(TimeProvider.System);
        await using var services = fixture.Build(clock);
        var service = services.GetRequiredService<SubscriptionService>();
        var email = TestData.Unique("late") + "@example.org";
        await service.SubscribeAsync(Form(email), Ct);
        var token = TokenFrom(Assert.Single(fake.Delivered, r => r.To == email).Content("text/plain"), "confirm");

        clock.Advance(SubscriptionService.ConfirmWindow + TimeSpan.FromMinutes(1));
        var (outcome, _) = await service.ConfirmAsync(token, Ct);
        var purged = await service.PurgeUnconfirmedAsync(Ct);

        Assert.Equal(LinkOutcome.Invalid, outcome);
        Assert.True(purged >= 1);
        Assert.Null(await services.GetRequiredService<SubscriptionStore>().FindByEmailAsync(email, Ct));
    }

    [Fact]
    public async Task UnsubscribesIdempotentlyAndOldLinksCannotTouchALaterSubscription()
    {
        var fake = fixture.RequireSendGrid();
        await using var services = fixture.Build();
        var service = services.GetRequiredService<SubscriptionService>();
        var store = services.GetRequiredService<SubscriptionStore>();
        var email = TestData.Unique("leaver") + "@example.org";
        await service.SubscribeAsync(Form(email), Ct);
        var (_, first) = await service.ConfirmAsync(TokenFrom(fake.Delivered.Last(r => r.To == email).Content("text/plain"), "confirm"), Ct);
        var oldUnsubscribe = service.LinkToken(SubscriptionTokens.Unsubscribe, first!);
        var oldPreferences = service.LinkToken(SubscriptionTokens.Preferences, first!);

        Assert.Equal(LinkOutcome.Done, await service.UnsubscribeAsync(oldUnsubscribe, Ct));
        Assert.Equal(LinkOutcome.Done, await service.UnsubscribeAsync(oldUnsubscribe, Ct));
        Assert.Equal(SubscriptionStatus.Unsubscribed, (await store.GetAsync(first!.Id, Ct))?.Status);

        await service.SubscribeAsync(Form(email), Ct);
        var (_, second) = await service.ConfirmAsync(TokenFrom(fake.Delivered.Last(r => r.To == email).Content("text/plain"), "confirm"), Ct);
        Assert.NotEqual(first.Version, second!.Version);

        Assert.Equal(LinkOutcome.Done, await service.UnsubscribeAsync(oldUnsubscribe, Ct));
        Assert.Null(await service.ForPreferencesAsync(oldPreferences, Ct));
        Assert.Equal(SubscriptionStatus.Active, (await store.GetAsync(first.Id, Ct))?.Status);
        Assert.Equal(LinkOutcome.Invalid, await service.UnsubscribeAsync(oldUnsubscribe + "x", Ct));
    }

    [Fact]
    public async Task ChangesFiltersThroughAPreferencesLink()
    {
        var fake = fixture.RequireSendGrid();
        await using var services = fixture.Build();
        var service = services.GetRequiredService<SubscriptionService>();
        var email = TestData.Unique("prefs") + "@example.org";
        await service.SubscribeAsync(Form(email), Ct);
        var (_, subscription) = await service.ConfirmAsync(TokenFrom(fake.Delivered.Last(r => r.To == email).Content("text/plain"), "confirm"), Ct);
        var token = service.LinkToken(SubscriptionTokens.Preferences, subscription!);

        var (outcome, result, updated) = await service.UpdatePreferencesAsync(token, new SubscriptionForm(null, ["all"], "critical", ["ultimatum"], "digest"), Ct);
        var (_, bad, _) = await service.UpdatePreferencesAsync(token, new SubscriptionForm(null, ["all"], "extreme", [], "hourly"), Ct);

        Assert.Equal(LinkOutcome.Done, outcome);
        Assert.True(result!.IsValid);
        Assert.Equal(ThreatLevel.Critical, updated!.MinimumLevel);
        Assert.Equal(DeliveryMode.Digest, updated.Mode);
        Assert.Equal(["ultimatum"], updated.Categories);
        Assert.Equal(["minimumLevel", "mode"], bad!.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(ThreatLevel.Critical, (await services.GetRequiredService<SubscriptionStore>().GetAsync(subscription!.Id, Ct))?.MinimumLevel);
    }

    public static TheoryData<string, string> BadInput => new()
    {
        { "", "email" },
        { "not-an-email", "email" },
        { "two@@example.org", "email" },
        { "Name <someone@example.org>", "email" },
        { "someone@localhost", "email" },
        { "someone@example.org\r\nBcc: x@example.org", "email" },
        { new string('a', 250) + "@example.org", "email" },
        { new string('a', 65) + "@example.org", "email" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task RefusesInvalidOrOverlongAddressesWithAClearError(string email, string field)
    {
        fixture.RequireSendGrid();
        await using var services = fixture.Build();
        var result = await services.GetRequiredService<SubscriptionService>().SubscribeAsync(Form(email), Ct);

        Assert.False(result.IsValid);
        Assert.Contains(field, result.Errors.Keys);
        Assert.Null(await services.GetRequiredService<SubscriptionStore>().FindByEmailAsync(email.Length == 0 ? "x" : email, Ct));
    }

    [Fact]
    public async Task RefusesUnknownOfficialsLevelsCategoriesAndModesNamingEachField()
    {
        fixture.RequireSendGrid();
        await using var services = fixture.Build();
        await services.GetRequiredService<OfficialStore>().UpsertAsync(new Official("known-official", "Known Official", []), Ct);

        var result = await services.GetRequiredService<SubscriptionService>().SubscribeAsync(
            new SubscriptionForm("ok@example.org", ["known-official", "<script>nobody"], "severe", ["military_force", "gossip"], "hourly"), Ct);

        Assert.Equal(["categories", "minimumLevel", "mode", "officials"], result.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("<script>nobody", result.Errors["officials"], StringComparison.Ordinal);
        Assert.Contains("gossip", result.Errors["categories"], StringComparison.Ordinal);
        Assert.Contains("low, medium, high, critical", result.Errors["minimumLevel"], StringComparison.Ordinal);
    }

    [GeneratedRegex(@"/api/(confirm|preferences|unsubscribe)\?token=([A-Za-z0-9%._\-]+)")]
    private static partial Regex LinkPattern();
}
