using Alerts.Cli;
using Alerts.Cli.Commands;
using Alerts.Core.Statements;
using Alerts.Core.Threats;

namespace Alerts.IntegrationTests;

[Collection(AzuriteSuite.Name)]
public sealed class ReanalyzeTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task StatementsJudgedByOlderRulesAreReanalysedTheChangedVerdictsListedAndTheTimelineMarksTheNewVerdict()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await PipelineHarness.CreateAsync(azurite.ConnectionString);
        await harness.SeedAsync();
        await harness.RunCycleAsync();
        var store = harness.Get<StatementStore>();
        StoredStatement? threat = null;
        await foreach (var s in store.ListAsync(null, ct))
        {
            threat = s.Analysis.Threat ? s : threat;
        }

        Assert.NotNull(threat);
        // As if an older analyser had missed it, and the timeline had been written then.
        var missed = ThreatAnalysis.None("0.0.0-old", "en");
        await store.UpdateAnalysisAsync(threat.Id, missed, ct);
        var timeline = harness.Get<StatementTimeline>();
        await timeline.RecordAsync(threat with { Analysis = missed }, ct);
        var day = DateOnly.FromDateTime(threat.DetectedAt.UtcDateTime);
        Assert.Equal(0, (await timeline.ReadAsync(threat.OfficialId, day, day, ct)).Sum(d => d.ThreatCount));

        var console = new CliConsole(TextReader.Null, new StringWriter(), new StringWriter());
        var exit = await new CliApp([new ReanalyzeCommand()]).RunAsync(["reanalyze", "--connection", harness.ConnectionString], console, ct);

        Assert.Equal(0, exit);
        Assert.Contains($"{threat.Id} (Khawaja Muhammad Asif): None -> ", console.Out.ToString(), StringComparison.Ordinal);
        var after = await store.GetAsync(threat.Id, ct);
        Assert.True(after!.Analysis.Threat);
        Assert.NotEqual("0.0.0-old", after.Analysis.AnalyzerVersion);
        var marked = Assert.Single(await timeline.ReadAsync(threat.OfficialId, day, day, ct));
        Assert.Equal(after.Analysis.Level, marked.HighestLevel);
    }
}
