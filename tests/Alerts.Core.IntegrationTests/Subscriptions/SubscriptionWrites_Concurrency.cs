using Alerts.Core.Configuration;
using Alerts.Core.Delivery;
using Alerts.Core.Email;
using Alerts.Core.Storage;
using Alerts.Core.Subscriptions;
using Alerts.Core.Threats;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Alerts.Core.IntegrationTests.Subscriptions;

/// <summary>
/// An unsubscribe always sticks: sign-ups and preference saves that read the row before a concurrent
/// unsubscribe must not write Active back over it. Over real Azurite, with the window made wide on purpose:
/// every write that would make a row Active is held back before it reaches storage, and the email sender is slow.
/// </summary>
[Collection(AzuriteSuite.Name)]
public sealed class SubscriptionWrites_Concurrency(AzuriteFixture azurite)
{
    private const int Rounds = 25;
    private static readonly TimeSpan WriteDelay = TimeSpan.FromMilliseconds(80);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AConcurrentSubscribeOrPreferencesSaveNeverTurnsAnUnsubscribeBackToActive()
    {
        await using var services = Build();
        await services.GetRequiredService<StorageInitializer>().EnsureCreatedAsync(Ct);
        var service = services.GetRequiredService<SubscriptionService>();
        var store = services.GetRequiredService<SubscriptionStore>();
        var tokens = services.GetRequiredService<SubscriptionTokens>();
        var endedActive = new List<string>();
        var preferencesRefused = 0;

        for (var round = 0; round < Rounds; round++)
        {
            var email = $"race-{round}-{Guid.NewGuid():N}@example.org";
            var subscription = new Subscription(SubscriptionStore.IdFor(email), email, [], ThreatLevel.Low, [], DeliveryMode.Immediate, SubscriptionStatus.Active, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(-1))
            {
                Version = 11,
                ConfirmationSentAt = DateTimeOffset.UtcNow.AddHours(-1),
            };
            await store.UpsertAsync(subscription, Ct);
            var unsubscribe = tokens.Create(SubscriptionTokens.Unsubscribe, subscription, TimeSpan.FromDays(1));
            var preferences = tokens.Create(SubscriptionTokens.Preferences, subscription, TimeSpan.FromDays(1));

            // The sign-up and the save read the Active row; their writes are held back, so the unsubscribe lands first.
            var subscribe = service.SubscribeAsync(new SubscriptionForm(email, ["all"], "critical", [], "digest"), Ct);
            var save = service.UpdatePreferencesAsync(preferences, new SubscriptionForm(null, ["all"], "high", [], "immediate"), Ct);
            await Task.Delay(TimeSpan.FromMilliseconds(round % 3 * 10), Ct);
            var leave = service.UnsubscribeAsync(unsubscribe, Ct);
            await Task.WhenAll(subscribe, save, leave);

            if ((await save).Outcome == LinkOutcome.Invalid)
            {
                preferencesRefused++;
            }

            var final = await store.GetAsync(subscription.Id, Ct);
            Assert.Equal(LinkOutcome.Done, await leave);
            if (final is null || final.Status == SubscriptionStatus.Active)
            {
                endedActive.Add($"round {round}: {final?.Status.ToString() ?? "gone"}");
            }
            else
            {
                // Either still unsubscribed, or a fresh pending sign-up under a new generation (old links dead).
                Assert.True(final.Status == SubscriptionStatus.Unsubscribed || final.Version != subscription.Version, $"round {round}: {final.Status} v{final.Version}");
            }
        }

        Assert.Empty(endedActive);
        Assert.True(preferencesRefused > 0, "the preferences save never raced the unsubscribe: the test did not test anything");
    }

    private ServiceProvider Build()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [AlertsNames.Settings.Storage] = azurite.ConnectionString,
            ["Alerts:OutboxPath"] = Path.Combine(Path.GetTempPath(), "alerts-race-outbox"),
            ["Tokens:SigningKey"] = "race-test-signing-key-0123456789abcdefghijkl",
            ["Subscribe:AnswerMilliseconds"] = "0",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddAlertsCore(configuration);
        services.AddSingleton(sp => new StorageClients(
            sp.GetRequiredService<IOptions<StorageOptions>>().Value,
            options => options.AddPolicy(new HoldBackActiveWrites(WriteDelay), HttpPipelinePosition.PerCall)));
        services.AddSingleton<IEmailSender>(new SlowEmailSender(TimeSpan.FromMilliseconds(30)));
        return services.BuildServiceProvider();
    }

    /// <summary>Holds back every subscriptions-table write that would leave a row Active, widening the read-to-write window.</summary>
    private sealed class HoldBackActiveWrites(TimeSpan delay) : HttpPipelinePolicy
    {
        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            if (message.Request.Method != RequestMethod.Get
                && message.Request.Uri.Path.Contains("/" + AlertsNames.Tables.Subscriptions + "(", StringComparison.Ordinal)
                && message.Request.Content is { } content)
            {
                using var body = new MemoryStream();
                await content.WriteToAsync(body, message.CancellationToken);
                if (System.Text.Encoding.UTF8.GetString(body.ToArray()).Contains("\"Status\":\"Active\"", StringComparison.Ordinal))
                {
                    await Task.Delay(delay, message.CancellationToken);
                }
            }

            await ProcessNextAsync(message, pipeline);
        }
    }

    private sealed class SlowEmailSender(TimeSpan delay) : IEmailSender
    {
        public async Task<EmailSendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken)
        {
            await Task.Delay(delay, cancellationToken);
            return new EmailSendResult(EmailSendStatus.Sent, "slow-1");
        }
    }
}
