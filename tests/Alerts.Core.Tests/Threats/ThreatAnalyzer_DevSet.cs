using System.Text.Json;
using Alerts.Core.Officials;
using Alerts.Core.Threats;
using Alerts.Local;

namespace Alerts.Core.Tests.Threats;

/// <summary>The bar, measured on the shared hand-labelled statements.</summary>
public sealed class ThreatAnalyzer_DevSet
{
    [Fact]
    public void ReachesF1AndPrecisionOfNinetyPercentOnTheDevSet()
    {
        var statements = Load(SharedFiles.RequireShared("dev-set", "statements.jsonl"));
        var card = ThreatScorecard.Evaluate(new ThreatAnalyzer(), statements);

        var detail = $"P={card.Score.Precision:0.000} R={card.Score.Recall:0.000} F1={card.Score.F1:0.000}; " +
            $"FP: {string.Join(' ', card.FalsePositiveIds)}; FN: {string.Join(' ', card.FalseNegativeIds)}";
        Assert.True(card.Score.F1 >= 0.90, detail);
        Assert.True(card.Score.Precision >= 0.90, detail);
    }

    [Fact]
    public void ReachesTheBarOnTheStatementsWrittenForTheRules()
    {
        // 404 statements written while developing the rules (threats and their look-alikes), kept as a
        // regression set: a rule edit that helps the dev-set but breaks general patterns shows here.
        var statements = Load(Path.Combine(SharedFiles.RepositoryRoot, "tests", "Alerts.Core.Tests", "Threats", "Data", "written-statements.jsonl"));
        var card = ThreatScorecard.Evaluate(new ThreatAnalyzer(), statements);

        var detail = $"P={card.Score.Precision:0.000} R={card.Score.Recall:0.000}; FP: {string.Join(' ', card.FalsePositiveIds)}; FN: {string.Join(' ', card.FalseNegativeIds)}";
        Assert.True(statements.Count >= 200, $"only {statements.Count} statements");
        Assert.True(card.Score.F1 >= 0.90 && card.Score.Precision >= 0.90, detail);
    }

    [Fact]
    public void BeatsTheKeywordBaselineByAWideMargin()
    {
        var statements = Load(SharedFiles.RequireShared("dev-set", "statements.jsonl"));
        var ours = ThreatScorecard.Evaluate(new ThreatAnalyzer(), statements);
        var keywords = ThreatScorecard.Evaluate(new KeywordBaseline(), statements);

        Assert.True(ours.Score.F1 - keywords.Score.F1 >= 0.3, $"ours {ours.Score.F1:0.000}, keywords {keywords.Score.F1:0.000}");
    }

    [Fact]
    public void StillReachesTheBarWhenEachStatementIsAttributedToItsOfficial()
    {
        var statements = Load(SharedFiles.RequireShared("dev-set", "statements.jsonl"));
        var analyzer = new ThreatAnalyzer();
        var speakers = statements.ToDictionary(s => s.Id, s => s.Official);
        var tp = 0;
        var fp = 0;
        var fn = 0;
        foreach (var statement in statements)
        {
            var official = speakers[statement.Id];
            var threat = analyzer.Analyze(statement.Text, official is null ? null : new SpeakerContext(official, [])).Threat;
            tp += threat && statement.Threat ? 1 : 0;
            fp += threat && !statement.Threat ? 1 : 0;
            fn += !threat && statement.Threat ? 1 : 0;
        }

        var score = new ThreatScore(tp, fp, fn, statements.Count - tp - fp - fn);
        Assert.True(score.F1 >= 0.90 && score.Precision >= 0.90, $"P={score.Precision:0.000} R={score.Recall:0.000}");
    }

    private static List<LabelledStatement> Load(string path) =>
        File.ReadLines(path)
            .Where(l => !string.IsNullOrWhiteSpace(l))
            .Select(l =>
            {
                using var d = JsonDocument.Parse(l);
                var r = d.RootElement;
                return new LabelledStatement(
                    r.GetProperty("id").GetString()!,
                    r.GetProperty("text").GetString()!,
                    r.GetProperty("label").GetString() == "threat",
                    r.TryGetProperty("category", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null,
                    r.TryGetProperty("official", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString() : null);
            })
            .ToList();
}
