using Alerts.Core.Storage;
using Alerts.Core.Threats;

namespace Alerts.Core.Statements;

/// <summary>
/// The <c>statements</c> queue message: one new candidate statement by one watched official.
/// Text is capped by the producer so the message stays well under the 64 KiB queue limit.
/// </summary>
public sealed record StatementCandidate(
    string StatementId,
    string OfficialId,
    string OfficialName,
    string SourceId,
    string SourceName,
    string ItemId,
    string? Url,
    string? Title,
    string Text,
    DateTimeOffset? PublishedAt,
    DateTimeOffset DetectedAt,
    string CorrelationId) : IValidatableMessage
{
    public string? Validate() =>
        !TableKeys.IsValid(StatementId) ? "statementId is missing or not a valid key"
        : !TableKeys.IsValid(OfficialId) ? "officialId is missing or not a valid key"
        : string.IsNullOrWhiteSpace(Text) ? "text is empty"
        : null;

    /// <summary>The outlet this candidate came from, as the stored statement lists it.</summary>
    public StatementSource Source() => new(SourceId, SourceName, ItemId, Url, Title, DetectedAt);

    /// <summary>The statement to store for this candidate: the poll stage (non-threats) and the analyse stage build it alike.</summary>
    public StoredStatement ToStored(string officialName, ThreatAnalysis analysis, DateTimeOffset? deliveriesQueuedAt) =>
        new(StatementId, OfficialId, officialName, Text, Title, Url, [Source()], PublishedAt, DetectedAt, analysis, CorrelationId, deliveriesQueuedAt);
}
