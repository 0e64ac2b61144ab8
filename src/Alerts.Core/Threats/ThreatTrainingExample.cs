namespace Alerts.Core.Threats;

/// <summary>
/// One labelled statement as the trainer sees it: its fold group (the page it came from), whether it is a
/// real statement (only those are ever measured), its features, and what the rules and the keyword
/// baseline said about it (for the side-by-side figures).
/// </summary>
internal sealed record ThreatTrainingExample(
    LabelledStatement Statement,
    string Group,
    double[][]? Views,
    bool RulesThreat,
    string? RulesCategory,
    bool KeywordThreat,
    SparseVector Lexical,
    int RulesSeverity)
{
    public bool Threat => Statement.Threat;

    /// <summary>The whole text's features (the first view); what the classifier is fitted on.</summary>
    public double[]? Features => Views?[0];

    public bool Real => Statement.Real;

    /// <summary>False for text in a language without rules: the judge leaves it unjudged, so it never trains.</summary>
    public bool Readable => Views is not null;
}
