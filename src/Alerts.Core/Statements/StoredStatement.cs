using Alerts.Core.Threats;

namespace Alerts.Core.Statements;

/// <summary>A statement as kept in the <c>statements</c> table, with its analysis and every outlet that reported it.</summary>
public sealed record StoredStatement(
    string Id,
    string OfficialId,
    string OfficialName,
    string Text,
    string? Title,
    string? Url,
    IReadOnlyList<StatementSource> Sources,
    DateTimeOffset? PublishedAt,
    DateTimeOffset DetectedAt,
    ThreatAnalysis Analysis,
    string CorrelationId,
    DateTimeOffset? DeliveriesQueuedAt = null)
{
    public int CorroborationCount => Sources.Count;

    /// <summary>The machine translation the verdict was made on, when the judge does not read <see cref="Text"/>'s language.</summary>
    public string? TranslatedText { get; init; }

    /// <summary>The language <see cref="TranslatedText"/> was translated from (ISO 639-1, as Translator names it).</summary>
    public string? TranslatedFrom { get; init; }

    public bool MachineTranslated => TranslatedText is not null;
}

/// <summary>One outlet's report of a statement.</summary>
public sealed record StatementSource(string SourceId, string SourceName, string ItemId, string? Url, string? Title, DateTimeOffset SeenAt);
