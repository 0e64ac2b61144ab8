using Alerts.Cli;
using Alerts.Cli.Commands;
using Alerts.Core.Statements;
using Alerts.Core.Threats;

namespace Alerts.IntegrationTests;

[Collection(AzuriteSuite.Name)]
public sealed class ReanalyzeTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task StatementsJudgedByOlderRulesAreReanalysedAndTheChangedVerdictsListed()
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
        // As if an older analyser had missed it.
        await store.UpdateAnalysisAsync(threat.Id, ThreatAnalysis.None("0.0.0-old", "en"), ct);

        var console = new CliConsole(TextReader.Null, new StringWriter(), new StringWriter());
        var exit = await new CliApp([new ReanalyzeCommand()]).RunAsync(["reanalyze", "--connection", harness.ConnectionString], console, ct);

        Assert.Equal(0, exit);
        Assert.Contains($"{threat.Id} (Khawaja Muhammad Asif): None -> ", console.Out.ToString(), StringComparison.Ordinal);
        var after = await store.GetAsync(threat.Id, ct);
        Assert.True(after!.Analysis.Threat);
        Assert.NotEqual("0.0.0-old", after.Analysis.AnalyzerVersion);
    }
}
