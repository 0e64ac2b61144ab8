using Alerts.Core.Translation;
using Microsoft.Extensions.Options;
using static Alerts.Testing.TranslationSamples;

namespace Alerts.Core.Tests.Translation;

/// <summary>The real HTTP call path against a local Translator v3 that checks every request and answer against the published description.</summary>
public sealed class AzureTextTranslator_FakeTranslator
{
    private static AzureTextTranslator Create(TranslatorFake fake, FakeEntraCredential credential, int maxAttempts = 3, int timeoutSeconds = 20, string? region = null, string? resourceId = null) =>
        new(
            new HttpClient { Timeout = Timeout.InfiniteTimeSpan },
            new TranslatorCredential(credential),
            Options.Create(new TranslatorOptions { Enabled = true, Endpoint = new Uri(fake.BaseUrl), MaxAttempts = maxAttempts, TimeoutSeconds = timeoutSeconds, MaxRetryDelaySeconds = 5, Region = region, ResourceId = resourceId }),
            TimeProvider.System);

    private static void AssertAllConform(TranslatorFake fake) =>
        Assert.All(fake.Requests, r =>
        {
            Assert.Empty(r.RequestErrors);
            Assert.Empty(r.AnswerErrors);
        });

    [Fact]
    public async Task SendsAConformingRequestWithTheEntraTokenAndReadsTheTranslationAndSentenceLengths()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var fake = await TranslatorFake.StartAsync(ct);
        fake.Know(Urdu, "ur", English, UrduSentences, EnglishSentences);
        var credential = new FakeEntraCredential();
        const string ResourceId = "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/tr-x";

        var result = await Create(fake, credential, region: "westeurope", resourceId: ResourceId).TranslateToEnglishAsync(Urdu, "ur", ct);

        Assert.Null(result.FailureReason);
        Assert.Equal(new MachineTranslation(English, "ur", UrduSentences, EnglishSentences) with { SourceSentenceLengths = result.Translation!.SourceSentenceLengths, TranslatedSentenceLengths = result.Translation.TranslatedSentenceLengths }, result.Translation);
        Assert.Equal(UrduSentences, result.Translation.SourceSentenceLengths);
        Assert.Equal(EnglishSentences, result.Translation.TranslatedSentenceLengths);
        var request = Assert.Single(fake.Requests);
        Assert.Equal("/translator/text/v3.0/translate", request.Path);
        Assert.Equal(("3.0", "en", "ur", "true"), (request.One("api-version"), request.One("to"), request.One("from"), request.One("includeSentenceLength")));
        Assert.Equal("Bearer " + TranslatorFake.Token, request.Headers["Authorization"]);
        Assert.Equal(("westeurope", ResourceId), (request.Headers["Ocp-Apim-Subscription-Region"], request.Headers["Ocp-Apim-ResourceId"]));
        Assert.Equal(["https://cognitiveservices.azure.com/.default"], credential.Scopes);
        AssertAllConform(fake);
    }

    [Fact]
    public async Task LeavesTheLanguageToTranslatorWhenLinguaNamesItWithoutAScript_AndTakesTheDetectedOne()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var fake = await TranslatorFake.StartAsync(ct);
        fake.Know("我们将坚决回击", "zh-Hans", "We will resolutely strike back", [7], [29]);

        var result = await Create(fake, new FakeEntraCredential()).TranslateToEnglishAsync("我们将坚决回击", "zh", ct);

        Assert.Equal("zh-Hans", result.Translation!.From);
        Assert.False(Assert.Single(fake.Requests).Query.ContainsKey("from"));
        AssertAllConform(fake);
    }

    [Fact]
    public async Task RetriesA429AfterItsRetryAfter_ThenSucceeds()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var fake = await TranslatorFake.StartAsync(ct);
        fake.Know(Urdu, "ur", English, UrduSentences, EnglishSentences);
        fake.Next(TranslatorReply.TooManyRetryAfterOne, TranslatorReply.ServerError);
        var started = DateTimeOffset.UtcNow;

        var result = await Create(fake, new FakeEntraCredential()).TranslateToEnglishAsync(Urdu, "ur", ct);

        Assert.Equal(English, result.Translation?.Text);
        Assert.Equal(3, fake.Requests.Count);
        Assert.True(DateTimeOffset.UtcNow - started >= TimeSpan.FromSeconds(1), "the Retry-After of one second was not waited for");
        AssertAllConform(fake);
    }

    [Theory]
    [InlineData(TranslatorReply.ServerError, 3, "500")]
    [InlineData(TranslatorReply.BadRequest, 1, "400")]
    [InlineData(TranslatorReply.TooManyRetryAfterAMinute, 1, "Retry-After 60 s")]
    public async Task GivesAReasonInsteadOfATranslationWhenTheServiceKeepsFailing(TranslatorReply reply, int requests, string reason)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var fake = await TranslatorFake.StartAsync(ct);
        fake.Next(reply, reply, reply, reply);

        var result = await Create(fake, new FakeEntraCredential(), maxAttempts: 3).TranslateToEnglishAsync(Urdu, "ur", ct);

        Assert.Null(result.Translation);
        Assert.Contains(reason, result.FailureReason, StringComparison.Ordinal);
        Assert.Equal(requests, fake.Requests.Count);
    }

    [Fact]
    public async Task GivesUpOnAServiceThatDoesNotAnswerInTime()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var fake = await TranslatorFake.StartAsync(ct);
        fake.Next(TranslatorReply.Hang);

        var result = await Create(fake, new FakeEntraCredential(), maxAttempts: 1, timeoutSeconds: 1).TranslateToEnglishAsync(Urdu, "ur", ct);

        Assert.Null(result.Translation);
        Assert.Contains("did not answer within 1 s", result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheFakeRefusesARequestTheApiDescriptionDoesNotAllow()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var fake = await TranslatorFake.StartAsync(ct);
        using var http = new HttpClient();
        using var content = new StringContent("""[{"text2":"x"}]""", System.Text.Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, fake.BaseUrl + "/translate?api-version=2.0&bogus=1") { Content = content };
        request.Headers.Authorization = new("Bearer", TranslatorFake.Token);

        using var response = await http.SendAsync(request, ct);

        Assert.Equal(400, (int)response.StatusCode);
        var errors = Assert.Single(fake.Requests).RequestErrors;
        Assert.Contains(errors, e => e.Contains("'to' is missing", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'bogus'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("api-version", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("ArrayItemNotValid", StringComparison.Ordinal));
    }
}
