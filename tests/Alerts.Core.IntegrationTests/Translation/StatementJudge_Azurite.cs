using System.Security.Cryptography;
using Alerts.Core.Configuration;
using Alerts.Core.Delivery;
using Alerts.Core.Officials;
using Alerts.Core.Statements;
using Alerts.Core.Subscriptions;
using Alerts.Core.Translation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using static Alerts.Testing.TranslationSamples;

namespace Alerts.Core.IntegrationTests.Translation;

/// <summary>
/// The analyse stage over real Azurite with the translation stage pointed at the local Translator: a statement in a
/// language the judge does not read is judged on its translation and kept with both texts, or kept not judged when
/// the stage is off or the translator fails.
/// </summary>
[Collection(AzuriteSuite.Name)]
public sealed class StatementJudge_Azurite(AzuriteFixture azurite)
{
    private const string Subscriber = "analyst@example.org";
    private static readonly Official Asif = new("khawaja-asif", "Khawaja Asif", ["Asif"], "Minister of Defence", "Pakistan");

    private ServiceProvider Build(TranslatorFake? fake, bool enabled, string? maxAttempts = null)
    {
        var settings = new Dictionary<string, string?>
        {
            [AlertsNames.Settings.Storage] = azurite.ConnectionString,
            ["Alerts:OutboxPath"] = Path.Combine(Path.GetTempPath(), "alerts-translate-" + Guid.NewGuid().ToString("N")),
            ["Tokens:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
            ["Translator:Enabled"] = enabled ? "true" : null,
            ["Translator:Endpoint"] = fake?.BaseUrl,
            ["Translator:MaxAttempts"] = maxAttempts,
        };
        // An unset setting is left out, as in Azure: a null here would bind as an empty value.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Where(s => s.Value is not null)).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        // In Azure this is the app's managed identity; here the token the fake expects.
        services.AddSingleton(new TranslatorCredential(new FakeEntraCredential()));
        services.AddAlertsCore(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    private static StatementCandidate Candidate(string id) =>
        new(id, Asif.Id, Asif.Name, "src-tg", "Telegram", "item-" + id, "https://t.me/s/example/1", null, Urdu, null, DateTimeOffset.UtcNow, "corr-" + id);

    [Fact]
    public async Task AStatementTheJudgeDoesNotReadIsJudgedOnItsTranslation_KeptWithBothTexts_AndTheEmailSaysSo()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var fake = await TranslatorFake.StartAsync(ct);
        fake.Know(Urdu, "ur", English, UrduSentences, EnglishSentences);
        await using var services = Build(fake, enabled: true);
        await AzuriteFixture.AddOfficialAndSubscriberAsync(services, Asif, Subscriber, ct);

        var outcome = await services.GetRequiredService<StatementProcessor>().ProcessAsync(Candidate("tr-threat"), ct);

        var stored = await services.GetRequiredService<StatementStore>().GetAsync("tr-threat", ct);
        Assert.NotNull(stored);
        Assert.Equal(1, outcome.Deliveries);
        Assert.Equal((Urdu, English, "ur"), (stored.Text, stored.TranslatedText, stored.TranslatedFrom));
        Assert.True(stored.Analysis.Judged);
        Assert.True(stored.Analysis.Threat);
        Assert.Equal("ur", stored.Analysis.Language);
        var evidence = Assert.Single(stored.Analysis.Evidence);
        Assert.False(evidence.InTranslation);
        Assert.Equal(SecondUrdu, Urdu[evidence.Start..evidence.End]);
        Assert.Equal("crushing", evidence.TranslatedText);
        Assert.All(fake.Requests, r => Assert.Empty(r.RequestErrors.Concat(r.AnswerErrors)));

        var subscription = await services.GetRequiredService<SubscriptionStore>().GetAsync(SubscriptionStore.IdFor(Subscriber), ct);
        var email = services.GetRequiredService<AlertEmailRenderer>().Render(stored, subscription!);
        Assert.Contains("machine-translated from Urdu", email.Subject, StringComparison.Ordinal);
        Assert.Contains("JUDGED ON A MACHINE TRANSLATION from Urdu", email.Text, StringComparison.Ordinal);
        Assert.Contains("**" + SecondUrdu + "**", email.Text, StringComparison.Ordinal);
        Assert.Contains("If they attack, our response will be **crushing**.", email.Text, StringComparison.Ordinal);
        Assert.Contains("Judged on a machine translation from Urdu", email.Html, StringComparison.Ordinal);
        Assert.Contains("Machine translation (English)", email.Html, StringComparison.Ordinal);

        // Re-analysis after a rules change re-judges the stored translation: the verdict is not lost to "not judged".
        await services.GetRequiredService<StatementReanalyzer>().ReanalyzeAsync(all: true, ct);
        var again = await services.GetRequiredService<StatementStore>().GetAsync("tr-threat", ct);
        Assert.True(again!.Analysis.Judged);
        Assert.True(again.Analysis.Threat);
        Assert.True(Assert.Single(again.Analysis.Evidence).InTranslation);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task WithTheStageOffNothingIsSentToTranslator_AndTheStatementIsKeptNotJudged()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var fake = await TranslatorFake.StartAsync(ct);
        await using var services = Build(fake, enabled: false);
        await AzuriteFixture.AddOfficialAndSubscriberAsync(services, Asif, Subscriber, ct);

        await services.GetRequiredService<StatementProcessor>().ProcessAsync(Candidate("tr-off"), ct);

        var stored = await services.GetRequiredService<StatementStore>().GetAsync("tr-off", ct);
        Assert.False(stored!.Analysis.Judged);
        Assert.Null(stored.TranslatedText);
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task ATranslatorThatKeepsFailingNeverLosesTheStatement_ItIsKeptNotJudged()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var fake = await TranslatorFake.StartAsync(ct);
        fake.Next(TranslatorReply.ServerError, TranslatorReply.ServerError);
        await using var services = Build(fake, enabled: true, maxAttempts: "2");
        await AzuriteFixture.AddOfficialAndSubscriberAsync(services, Asif, Subscriber, ct);

        await services.GetRequiredService<StatementProcessor>().ProcessAsync(Candidate("tr-fail"), ct);

        var stored = await services.GetRequiredService<StatementStore>().GetAsync("tr-fail", ct);
        Assert.Equal(Urdu, stored!.Text);
        Assert.False(stored.Analysis.Judged);
        Assert.Null(stored.TranslatedText);
        Assert.Equal(2, fake.Requests.Count);
    }

    [Fact]
    public void EnablingTheStageWithoutAnEndpointFailsAtStartUpNamingTheSetting()
    {
        using var services = Build(fake: null, enabled: true);

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => services.GetRequiredService<Microsoft.Extensions.Options.IOptions<TranslatorOptions>>().Value);
        Assert.Contains("Translator__Endpoint", error.Message, StringComparison.Ordinal);
    }
}
