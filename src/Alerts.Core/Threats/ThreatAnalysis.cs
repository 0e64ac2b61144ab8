namespace Alerts.Core.Threats;

public enum ThreatLevel
{
    None,
    Low,
    Medium,
    High,
    Critical,
}

/// <summary>
/// One finding: the exact span of the input (UTF-16 offsets, end exclusive) and the rule that fired. A finding made
/// on a machine translation carries the translated span too: then Start/End cover the original sentence(s) it was
/// aligned to, or, when no alignment was possible, <see cref="InTranslation"/> is true and Start/End point into the
/// translation.
/// </summary>
public sealed record ThreatEvidence(
    int Start,
    int End,
    string Text,
    string Category,
    string Rule,
    bool InTranslation = false,
    int? TranslatedStart = null,
    int? TranslatedEnd = null,
    string? TranslatedText = null);

public sealed record ThreatAnalysis(
    bool Threat,
    int Severity,
    ThreatLevel Level,
    IReadOnlyList<string> Categories,
    IReadOnlyList<ThreatEvidence> Evidence,
    string AnalyzerVersion,
    string Language,
    bool Judged = true)
{
    public static ThreatAnalysis None(string version, string language) =>
        new(false, 0, ThreatLevel.None, [], [], version, language);

    /// <summary>
    /// A statement in a language the judge does not read: not a "none" verdict but no verdict at all, so
    /// subscribers who asked for them get the original with a note instead of silence.
    /// </summary>
    public static ThreatAnalysis NotJudged(string version, string language) =>
        new(false, 0, ThreatLevel.None, [], [], version, language, Judged: false);
}
