using Alerts.Core.Configuration;
using Alerts.Core.Officials;
using Alerts.Core.Pipeline;
using Alerts.Core.Statements;
using Alerts.Core.Storage;
using Alerts.Core.IntegrationTests.Delivery;
using Alerts.Core.Threats;
using Alerts.Local.Pipeline;
using Azure.Core;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Alerts.Core.IntegrationTests.Statements;

/// <summary>Judging at intake: a statement that is not a threat is stored in three transactions and never queued; a threat is queued for the fan-out.</summary>
[Collection(AzuriteSuite.Name)]
public sealed class StatementIntake_Azurite(AzuriteFixture azurite)
{
    private static readonly Official Official = new("intake-minister", "Intake Minister", ["the minister"]);
    private static readonly Lazy<ThreatJudge> SharedJudge = new(() => ThreatJudge.FromSetting(null));

    private static StatementCandidate Draft(string text, string? officialId = null) => new(
        "", officialId ?? Official.Id, Official.Name, "intake-source", "Intake outlet", TestData.Unique("item"), "https://outlet.example.org/a", "Title", text, null, DateTimeOffset.UtcNow, "intake-correlation");

    [Fact]
    public async Task StoresAStatementThatIsNotAThreatInThreeTransactionsWithoutTheQueue()
    {
        var ct = TestContext.Current.CancellationToken;
        var counter = new StorageRequestCounter();
        await using var services = Build(counter);
        await AzuriteFixture.AddOfficialAndSubscriberAsync(services, Official, "intake@example.org", ct);
        var queue = new QueueClient(azurite.ConnectionString, AlertsNames.Queues.Statements);
        await queue.ClearMessagesAsync(ct);
        const string text = "The minister said the ministry would expand cooperation on rail links and grain exports with Norway next year.";

        counter.Reset();
        var result = await services.GetRequiredService<StatementIntake>().AcceptAsync(Draft(text), text, new SpeakerContext(Official.Name, Official.Aliases), ct);

        Assert.False(result.Threat);
        Assert.True(result.Stored);
        Assert.Equal(3, counter.Total);
        Assert.DoesNotContain(counter.Snapshot().Keys, k => k.Contains("messages", StringComparison.Ordinal));
        var stored = await services.GetRequiredService<StatementStore>().GetAsync(result.StatementId, ct);
        Assert.NotNull(stored);
        Assert.NotNull(stored.DeliveriesQueuedAt);
        Assert.Equal(0, (await queue.GetPropertiesAsync(ct)).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task JudgesAFeedsCandidatesInOneCallAndStoresEachNonThreatInThreeTransactions()
    {
        var ct = TestContext.Current.CancellationToken;
        var counter = new StorageRequestCounter();
        var analyzer = new TimedThreatAnalyzer(SharedJudge.Value);
        await using var services = Build(counter, analyzer);
        await AzuriteFixture.AddOfficialAndSubscriberAsync(services, Official, "intake@example.org", ct);
        string[] texts =
        [
            "The minister said the agency would publish new fisheries quotas for the northern coast after talks with Estonia.",
            "The minister opened a conference on flood defences and thanked the delegation from Kenya for its work on reservoirs.",
            "The minister announced a review of school funding to be published in the spring, covering libraries and textbooks.",
            "The minister met business leaders to discuss wind farms and investment from Chile in turbines and harbours.",
            "The minister praised the volunteers who rebuilt three bridges after the storms in the coastal provinces last winter.",
        ];
        var speaker = new SpeakerContext(Official.Name, Official.Aliases);
        counter.Reset();

        var results = await services.GetRequiredService<StatementIntake>().AcceptManyAsync([.. texts.Select(t => new IntakeItem(Draft(t), t, speaker))], ct);

        Assert.All(results, r => Assert.False(r.Threat));
        Assert.All(results, r => Assert.True(r.Stored));
        Assert.Equal(texts.Length, results.Select(r => r.StatementId).Distinct().Count());
        Assert.Equal(1, analyzer.Batches);
        Assert.Equal(texts.Length, analyzer.Calls);
        Assert.Equal(3 * texts.Length, counter.Total);
        Assert.DoesNotContain(counter.Snapshot().Keys, k => k.Contains("messages", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ARoutineStatementStoredAtIntakeIsOnTheOfficialsTimelineWithinTheThreeTransactions()
    {
        var ct = TestContext.Current.CancellationToken;
        var counter = new StorageRequestCounter();
        await using var services = Build(counter);
        var official = TestData.Unique("timeline-minister");
        var speaker = new SpeakerContext(Official.Name, Official.Aliases);
        const string text = "The minister said the ministry would expand cooperation on rail links and grain exports with Norway next year.";
        const string brief = "Talks went well.";

        counter.Reset();
        var routine = await services.GetRequiredService<StatementIntake>().AcceptAsync(Draft(text, official), text, speaker, ct);
        Assert.Equal(3, counter.Total);

        // Too short for the index, so no claim carries its row: the one case that writes it on its own.
        counter.Reset();
        var shortOne = await services.GetRequiredService<StatementIntake>().AcceptAsync(Draft(brief, official), brief, speaker, ct);
        Assert.Equal(2, counter.Total);

        // Said again: the same statement, not a second one on the timeline.
        await services.GetRequiredService<StatementIntake>().AcceptAsync(Draft(text, official), text, speaker, ct);

        Assert.True(routine.Stored);
        Assert.True(shortOne.Stored);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var days = await services.GetRequiredService<StatementTimeline>().ReadAsync(official, today.AddDays(-1), today.AddDays(1), ct);
        Assert.Equal(2, days.Sum(d => d.Statements));
        Assert.Equal(0, days.Sum(d => d.ThreatCount));
    }

    [Fact]
    public async Task QueuesAThreatForTheFanOutAndStoresNothingYet()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = Build(null);
        await AzuriteFixture.AddOfficialAndSubscriberAsync(services, Official, "intake@example.org", ct);
        var queue = new QueueClient(azurite.ConnectionString, AlertsNames.Queues.Statements);
        await queue.ClearMessagesAsync(ct);
        const string text = "The minister warned that any attack on the port would be met with a crushing military response.";

        var result = await services.GetRequiredService<StatementIntake>().AcceptAsync(Draft(text), text, new SpeakerContext(Official.Name, Official.Aliases), ct);

        Assert.True(result.Threat);
        Assert.Null(await services.GetRequiredService<StatementStore>().GetAsync(result.StatementId, ct));
        Assert.Equal(1, (await queue.GetPropertiesAsync(ct)).Value.ApproximateMessagesCount);
    }

    private ServiceProvider Build(StorageRequestCounter? counter, IThreatAnalyzer? analyzer = null) => azurite.BuildServices(
        Path.Combine(Path.GetTempPath(), "alerts-intake-tests", Guid.NewGuid().ToString("n")),
        configure: services =>
        {
            if (counter is not null)
            {
                services.AddSingleton(sp => new StorageClients(
                    sp.GetRequiredService<IOptions<StorageOptions>>().Value,
                    options => options.AddPolicy(counter, HttpPipelinePosition.PerRetry)));
            }

            if (analyzer is not null)
            {
                services.AddSingleton(analyzer);
            }
        });
}
