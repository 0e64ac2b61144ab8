using Alerts.Core.Delivery;
using Alerts.Core.Pipeline;
using Alerts.Core.Sources;
using Alerts.Core.Statements;
using Alerts.Core.Telemetry;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Testing;

namespace Alerts.IntegrationTests.Reliability;

/// <summary>Following one statement from poll to email through logs, stored records, the email and the counters.</summary>
[Collection(ReliabilitySuite.Name)]
public sealed class ObservabilityTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task ThePollsCorrelationIdFollowsTheStatementToTheEmail_AndEveryStageLogsInsideItsScope()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await FaultHarness.CreateAsync(azurite.ConnectionString);
        await h.SeedAsync();

        await h.Harness.RunCycleAsync();

        var email = h.Emails.Sent.First(e => e.To == FaultHarness.FirstSubscriber);
        var correlation = email.CustomArgs["correlation_id"];
        Assert.StartsWith("poll-", correlation, StringComparison.Ordinal);
        Assert.EndsWith("-seed-news", correlation, StringComparison.Ordinal);
        var statement = await h.Get<StatementStore>().GetAsync(email.CustomArgs["statement_id"], ct);
        Assert.Equal(correlation, statement?.CorrelationId);

        var logs = h.Logs.GetSnapshot();
        AssertLoggedInScope(logs, correlation, nameof(SourcePoller), "Source seed-news:");
        AssertLoggedInScope(logs, correlation, nameof(StatementProcessor), $"Statement {statement!.Id}");
        AssertLoggedInScope(logs, correlation, "AlertDeliverer", $"Alert {statement.Id} sent to {email.CustomArgs["subscription_id"]}");
    }

    [Fact]
    public async Task TheCountersMoveForPollsFailedPollsStatementsThreatsEmailsAndPoison()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await FaultHarness.CreateAsync(azurite.ConnectionString);
        await h.SeedAsync();
        var metrics = h.Get<AlertsMetrics>();
        using var polled = new MetricCollector<long>(metrics.SourcesPolled);
        using var found = new MetricCollector<long>(metrics.StatementsFound);
        using var threats = new MetricCollector<long>(metrics.Threats);
        using var sent = new MetricCollector<long>(metrics.EmailsSent);
        using var poisoned = new MetricCollector<long>(metrics.Poisoned);
        await h.Get<SourceStore>().UpsertDefinitionAsync(new SourceDefinition("missing-file", "Gone", SourceKind.File, "/nonexistent/feed.xml", TimeSpan.FromMinutes(5)), ct);
        await h.Harness.Queue(Core.Configuration.AlertsNames.Queues.Deliveries).SendMessageAsync("garbage", ct);

        await h.Harness.RunCycleAsync();

        Assert.Equal(2, polled.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Contains(polled.GetMeasurementSnapshot(), m => Equals(m.Tags["outcome"], nameof(SourceReadStatus.Failed)));
        Assert.Equal(2, found.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Equal(1, threats.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Equal(2, sent.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Equal(1, poisoned.GetMeasurementSnapshot().Sum(m => m.Value));
    }

    private static void AssertLoggedInScope(IReadOnlyList<FakeLogRecord> logs, string correlation, string category, string messageStart)
    {
        var record = Assert.Single(logs, r => (r.Category ?? "").EndsWith(category, StringComparison.Ordinal) && r.Message.StartsWith(messageStart, StringComparison.Ordinal));
        var scopes = record.Scopes.OfType<IEnumerable<KeyValuePair<string, object>>>().SelectMany(s => s);
        Assert.Contains(scopes, p => p.Key == "CorrelationId" && Equals(p.Value, correlation));
    }
}
