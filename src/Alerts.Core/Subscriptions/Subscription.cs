using Alerts.Core.Statements;
using Alerts.Core.Threats;

namespace Alerts.Core.Subscriptions;

public enum SubscriptionStatus
{
    Pending,
    Active,
    Unsubscribed,
}

public enum DeliveryMode
{
    Immediate,
    Digest,
}

/// <summary>
/// Who wants which alerts. Empty <see cref="OfficialIds"/> means every official; empty
/// <see cref="Categories"/> means every category.
/// </summary>
public sealed record Subscription(
    string Id,
    string Email,
    IReadOnlyList<string> OfficialIds,
    ThreatLevel MinimumLevel,
    IReadOnlyList<string> Categories,
    DeliveryMode Mode,
    SubscriptionStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ConfirmedAt = null)
{
    public bool Wants(StoredStatement statement) =>
        Status == SubscriptionStatus.Active
        && statement.Analysis.Threat
        && statement.Analysis.Level >= MinimumLevel
        && (OfficialIds.Count == 0 || OfficialIds.Contains(statement.OfficialId, StringComparer.Ordinal))
        && (Categories.Count == 0 || statement.Analysis.Categories.Any(c => Categories.Contains(c, StringComparer.Ordinal)));
}
