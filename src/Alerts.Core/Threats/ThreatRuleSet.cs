using System.Text.Json.Serialization;

namespace Alerts.Core.Threats;

/// <summary>
/// One language's rules as ops edit them (<c>seeds/threat-rules/&lt;lang&gt;.json</c>): named phrase lists
/// (lexicons) that the guards and frames read, and the rules whose phrases become evidence.
/// </summary>
public sealed record ThreatRuleSet(
    string Language,
    string Version,
    ThreatRuleSettings Settings,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Lexicons,
    IReadOnlyList<ThreatRule> Rules)
{
    public string? Description { get; init; }
}

/// <summary>Windows are counted in words; <see cref="HedgeFactor"/> scales the severity of hedged findings.</summary>
public sealed record ThreatRuleSettings(
    int NegationWindow = 4,
    int ModalWindow = 8,
    double HedgeFactor = 0.6,
    int ThreatThreshold = 20,
    int CorroborationBonus = 5,
    int MaxCorroborationBonus = 15);

/// <summary>
/// A rule fires on any of its <see cref="Phrases"/> when its <see cref="Frame"/> holds, its optional
/// <see cref="Near"/> partner is close by, and no guard outside <see cref="Ignore"/> vetoes it.
/// </summary>
public sealed record ThreatRule(
    string Id,
    string Category,
    int Severity,
    IReadOnlyList<string> Phrases)
{
    public ThreatFrame Frame { get; init; } = ThreatFrame.Any;

    public ThreatNear? Near { get; init; }

    public IReadOnlyList<ThreatGuard> Ignore { get; init; } = [];

    public string? Note { get; init; }
}

/// <summary>A phrase from <see cref="Lexicon"/> must occur within <see cref="Before"/> words before or <see cref="After"/> words after the trigger.</summary>
public sealed record ThreatNear(string Lexicon, int Before = 0, int After = 0);

[JsonConverter(typeof(JsonStringEnumConverter<ThreatFrame>))]
public enum ThreatFrame
{
    /// <summary>The phrase is threatening on its own (guards still apply).</summary>
    Any,

    /// <summary>Needs a modal or future marker before it in the clause, or a condition in the sentence.</summary>
    Future,

    /// <summary>Needs a condition (if, unless, otherwise, any attack ...) in the sentence.</summary>
    Conditional,

    /// <summary>Only strengthens: fires when another finding sits in the same or the next sentence (ultimatum markers).</summary>
    WithThreat,
}

[JsonConverter(typeof(JsonStringEnumConverter<ThreatGuard>))]
public enum ThreatGuard
{
    Negation,
    Past,
    Question,
    Condemnation,
    Disaster,
    Metaphor,
    Protasis,
    Benign,
    Recounting,
    Attribution,

    /// <summary>A phrase right before a modal ("the attacks will stop if ...") is the subject, so a condition alone does not frame it.</summary>
    Subject,
}
