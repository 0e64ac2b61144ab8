using System.Text;
using System.Text.Json;
using Alerts.Core.Configuration;
using Alerts.Core.Officials;
using Alerts.Core.Sources;
using Alerts.Core.Statements;
using Alerts.Core.Storage;
using Alerts.Functions.Http;
using Alerts.Local.Pipeline;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Core.IntegrationTests.Sources;

/// <summary>Push ingest over real Azurite, through the service and through the HTTP function class.</summary>
[Collection(AzuriteSuite.Name)]
public sealed class StatementIngestor_Azurite(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly Official Official = TestOfficials.Asif with { Id = "asif-ingest" };

    private readonly string _outbox = Path.Combine(Path.GetTempPath(), "alerts-ingest-tests", Guid.NewGuid().ToString("n"));
    private ServiceProvider? _services;

    private ServiceProvider Services => _services!;

    public async ValueTask InitializeAsync()
    {
        _services = azurite.BuildServices(_outbox);
        await AzuriteFixture.AddOfficialAndSubscriberAsync(_services, Official, "ingest@example.com", TestContext.Current.CancellationToken);
        await new QueueClient(azurite.ConnectionString, AlertsNames.Queues.Statements).ClearMessagesAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        if (Directory.Exists(_outbox))
        {
            Directory.Delete(_outbox, recursive: true);
        }
    }

    private static string Body(string? official = "asif-ingest", string? text = "We will no longer tolerate your mockery and betrayal.", string? url = "https://agency.example.org/items/1", string? published = "2025-10-29T16:00:00Z") =>
        JsonSerializer.Serialize(new { official, text, url, published, source = "Agency wire" });

    private async Task<IngestOutcome> IngestAsync(string body)
    {
        var read = await IngestBody.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(body)), TestContext.Current.CancellationToken);
        return read.Refused ?? await Services.GetRequiredService<StatementIngestor>().IngestAsync(read.Request!, TestContext.Current.CancellationToken);
    }

    private async Task<List<StatementCandidate>> QueuedAsync()
    {
        var queue = new QueueClient(azurite.ConnectionString, AlertsNames.Queues.Statements, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var peeked = (await queue.PeekMessagesAsync(32, TestContext.Current.CancellationToken)).Value;
        return peeked.Select(m => JsonSerializer.Deserialize<StatementCandidate>(m.MessageText, QueueMessageJson.Options)!).ToList();
    }

    [Fact]
    public async Task QueuesAValidStatementAndAnswersWithItsId()
    {
        var outcome = await IngestAsync(Body());

        Assert.Equal(202, outcome.Status);
        var candidate = Assert.Single(await QueuedAsync());
        Assert.Equal(outcome.StatementId, candidate.StatementId);
        Assert.Equal("asif-ingest", candidate.OfficialId);
        Assert.Equal("Agency wire", candidate.SourceName);
        Assert.Equal("https://agency.example.org/items/1", candidate.Url);
        Assert.Equal(new DateTimeOffset(2025, 10, 29, 16, 0, 0, TimeSpan.Zero), candidate.PublishedAt);
    }

    [Theory]
    [InlineData("Khawaja Asif")]
    [InlineData("KHAWAJA MUHAMMAD ASIF")]
    [InlineData("Pakistan\u2019s Defence Minister")]
    public async Task AcceptsTheOfficialByNameOrAliasInAnyCase(string official)
    {
        var outcome = await IngestAsync(Body(official: official));

        Assert.Equal(202, outcome.Status);
    }

    [Theory]
    [InlineData("official", null, "official is required")]
    [InlineData("official", "Somebody Else", "unknown official 'Somebody Else'")]
    [InlineData("text", null, "text is required")]
    [InlineData("url", "not a url", "url must be an absolute http(s) URL")]
    [InlineData("url", "javascript:alert(1)", "url must be an absolute http(s) URL")]
    [InlineData("published", "last Tuesday", "published 'last Tuesday' is not a date and time")]
    [InlineData("published", null, "published is required")]
    public async Task RefusesABadFieldWithAReasonNamingIt(string field, string? value, string reason)
    {
        var body = field switch
        {
            "official" => Body(official: value),
            "text" => Body(text: value),
            "url" => Body(url: value),
            _ => Body(published: value),
        };

        var outcome = await IngestAsync(body);

        Assert.Equal(400, outcome.Status);
        Assert.StartsWith(reason, Assert.Single(outcome.Errors[field]), StringComparison.Ordinal);
        Assert.Empty(await QueuedAsync());
    }

    [Fact]
    public async Task RefusesTextOverTheLimit()
    {
        var outcome = await IngestAsync(Body(text: new string('a', StatementIngestor.MaxTextChars + 1)));

        Assert.Equal(400, outcome.Status);
        Assert.Contains("at most 10000", outcome.Errors["text"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusesABodyOver64KilobytesAndOneThatIsNotJson()
    {
        var big = await IngestAsync(new string(' ', IngestBody.MaxBytes + 1));
        var notJson = await IngestAsync("official=asif");

        Assert.Equal("the body is larger than 65536 bytes", big.Detail);
        Assert.StartsWith("the body is not the expected JSON object", notJson.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MakesTwoSystemsPushingTheSameStatementOneStatementWithTwoSourcesAndOneEmail()
    {
        var ct = TestContext.Current.CancellationToken;
        const string full = "Every terrorist attack inside Pakistan will come at a heavy price. We will destroy the hideouts of those who attack us.";
        const string partial = "We will destroy the hideouts of those who attack us!";

        var first = await IngestAsync(JsonSerializer.Serialize(new { official = "asif-ingest", text = full, url = "https://agency-a.example.org/1", published = "2025-10-29T16:00:00Z", source = "Agency A" }));
        var second = await IngestAsync(JsonSerializer.Serialize(new { official = "Khawaja Asif", text = $"Asif: {partial} {full}", url = "https://agency-b.example.org/9", published = "2025-10-29T16:05:00Z", source = "Agency B" }));
        await Services.GetRequiredService<LocalPipelineRunner>().DrainAsync(ct);
        var stored = await Services.GetRequiredService<StatementStore>().GetAsync(first.StatementId!, ct);

        Assert.Equal(first.StatementId, second.StatementId);
        Assert.NotNull(stored);
        Assert.Equal(["Agency A", "Agency B"], stored.Sources.Select(s => s.SourceName).Order(StringComparer.Ordinal));
        Assert.True(stored.Analysis.Threat);
        Assert.Single(Directory.GetFiles(_outbox, "*.eml"));
    }

    [Fact]
    public async Task TheFunctionAnswers202WithTheStatementId()
    {
        var function = new IngestStatement(Services.GetRequiredService<StatementIngestor>());
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(Body()));

        var result = Assert.IsType<ObjectResult>(await function.Run(context.Request, TestContext.Current.CancellationToken));

        Assert.Equal(202, result.StatusCode);
        Assert.StartsWith("st-", JsonSerializer.Serialize(result.Value).Split('"')[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheFunctionAnswersProblemDetailsForBadInput()
    {
        var function = new IngestStatement(Services.GetRequiredService<StatementIngestor>());
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(Body(official: "Nobody", url: "ftp://x")));

        var result = Assert.IsType<ObjectResult>(await function.Run(context.Request, TestContext.Current.CancellationToken));

        Assert.Equal(400, result.StatusCode);
        Assert.Contains("application/problem+json", result.ContentTypes);
        var problem = Assert.IsType<ValidationProblemDetails>(result.Value);
        Assert.Equal(["official", "url"], problem.Errors.Keys.Order(StringComparer.Ordinal));
    }
}
