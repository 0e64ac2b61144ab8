using Alerts.Core.Officials;

namespace Alerts.Core.Threats;

/// <summary>
/// A hand-labelled statement, as in <c>../shared/dev-set/statements.jsonl</c>. <paramref name="Real"/> is false
/// for statements written (invented) for development: they may train a model but never count in a figure.
/// </summary>
public sealed record LabelledStatement(
    string Id,
    string Text,
    bool Threat,
    string? Category,
    string? Official = null,
    string? SourceUrl = null,
    string? HardCase = null,
    bool Real = true);

/// <summary>Threat-versus-none counts for one analyser over a labelled set.</summary>
public sealed record ThreatScore(int TruePositives, int FalsePositives, int FalseNegatives, int TrueNegatives)
{
    public double Precision => TruePositives + FalsePositives == 0 ? 0 : (double)TruePositives / (TruePositives + FalsePositives);

    public double Recall => TruePositives + FalseNegatives == 0 ? 0 : (double)TruePositives / (TruePositives + FalseNegatives);

    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
}

/// <summary>
/// For one labelled category: how many such threats there are, how many the analyser flagged at all,
/// and how many it flagged with that category first.
/// </summary>
public sealed record CategoryScore(string Category, int Support, int Detected, int CategoryMatched, int PredictedAsCategory);

public sealed record ThreatScorecard(
    string AnalyzerVersion,
    ThreatScore Score,
    IReadOnlyList<CategoryScore> Categories,
    IReadOnlyList<string> FalsePositiveIds,
    IReadOnlyList<string> FalseNegativeIds)
{
    public static ThreatScorecard Evaluate(IThreatAnalyzer analyzer, IReadOnlyList<LabelledStatement> statements)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        var results = statements.Select(s => (Statement: s, Analysis: analyzer.Analyze(s.Text))).ToList();
        var score = new ThreatScore(
            results.Count(r => r.Statement.Threat && r.Analysis.Threat),
            results.Count(r => !r.Statement.Threat && r.Analysis.Threat),
            results.Count(r => r.Statement.Threat && !r.Analysis.Threat),
            results.Count(r => !r.Statement.Threat && !r.Analysis.Threat));
        var categories = ThreatCategories.All.Select(c => new CategoryScore(
                c,
                results.Count(r => r.Statement.Threat && r.Statement.Category == c),
                results.Count(r => r.Statement.Threat && r.Statement.Category == c && r.Analysis.Threat),
                results.Count(r => r.Statement.Threat && r.Statement.Category == c && r.Analysis.Threat && Primary(r.Analysis) == c),
                results.Count(r => r.Analysis.Threat && Primary(r.Analysis) == c)))
            .ToList();
        return new ThreatScorecard(
            analyzer.Version,
            score,
            categories,
            results.Where(r => !r.Statement.Threat && r.Analysis.Threat).Select(r => r.Statement.Id).ToList(),
            results.Where(r => r.Statement.Threat && !r.Analysis.Threat).Select(r => r.Statement.Id).ToList());
    }

    private static string? Primary(ThreatAnalysis analysis) => analysis.Categories.Count > 0 ? analysis.Categories[0] : null;
}
