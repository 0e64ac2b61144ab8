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

    /// <summary>One digest a week, on <c>Delivery__WeeklyDigestDay</c>, sent by the daily digest timer.</summary>
    WeeklyDigest,
}

/// <summary>
/// Who wants which alerts. Empty <see cref="OfficialIds"/> means every official; empty
/// <see cref="Categories"/> means every category. <see cref="Version"/> rises each time the address
/// subscribes again after leaving, so links from an earlier subscription stop working.
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
    /// <summary>Link generation: tokens carry it and must match it.</summary>
    public int Version { get; init; }

    /// <summary>When the last confirmation email went out (throttles repeated sign-ups of one address).</summary>
    public DateTimeOffset? ConfirmationSentAt { get; init; }

    public DateTimeOffset? UnsubscribedAt { get; init; }

    /// <summary>The end of the window the last daily digest covered.</summary>
    public DateTimeOffset? LastDigestThrough { get; init; }

    /// <summary>
    /// Preference links carry it and must match it: "sign out all links" on the preferences page raises it,
    /// so a forwarded preferences link stops working without touching unsubscribe links.
    /// </summary>
    public int LinkEpoch { get; init; }

    /// <summary>
    /// The storage version this copy was read at (null for a subscription not yet stored). Every write is
    /// conditional on it, so a decision made on a stale read never lands over a newer one (an unsubscribe).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? ETag { get; init; }

    /// <summary>
    /// Also send statements the judge could not read (a language it has no rules for), with the original text and
    /// a note saying so: off by default, since they are not threats, only unknowns.
    /// </summary>
    public bool IncludeNotJudged { get; init; }

    public bool Wants(StoredStatement statement) =>
        Status == SubscriptionStatus.Active
        && (OfficialIds.Count == 0 || OfficialIds.Contains(statement.OfficialId, StringComparer.Ordinal))
        && (statement.Analysis.Judged
            ? statement.Analysis.Threat
              && statement.Analysis.Level >= MinimumLevel
              && (Categories.Count == 0 || statement.Analysis.Categories.Any(c => Categories.Contains(c, StringComparer.Ordinal)))
            : IncludeNotJudged);

    /// <summary>Why this subscriber gets this statement, in words for the email footer.</summary>
    public string Reason(StoredStatement statement)
    {
        var who = OfficialIds.Count == 0 ? "all watched officials" : statement.OfficialName;
        var what = Categories.Count == 0 ? "any threat category" : string.Join(", ", Categories.Select(c => c.Replace('_', ' ')));
        var notJudged = IncludeNotJudged ? " You also asked for statements in languages the judge does not read." : "";
        return $"You follow {who}, at level {MinimumLevel} or above, for {what}.{notJudged}";
    }
}
