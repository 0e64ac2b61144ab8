using Alerts.Core.Feedback;
using Alerts.Core.Officials;
using Alerts.Core.Statements;
using Alerts.Core.Subscriptions;
using Alerts.Core.Threats;
using Microsoft.Extensions.Logging;

namespace Alerts.Core.Archive;

/// <summary>
/// What the archive, timeline and feedback links do, behind the HTTP functions. Each call starts from
/// the signed token; a null answer means "invalid link", the same for forged, expired, unsubscribed or
/// unknown subscriptions.
/// </summary>
public sealed class ArchiveService(
    SubscriberLinks links,
    AlertIndex index,
    StatementStore statements,
    StatementTimeline timeline,
    OfficialStore officials,
    FeedbackStore feedback,
    TimeProvider time,
    ILogger<ArchiveService> logger)
{
    /// <summary>Alerts on one archive page: each is a point read of its statement.</summary>
    public const int PageSize = 50;

    public async Task<ArchiveResult?> ArchiveAsync(string? token, string? officialId, string? level, string? category, CancellationToken cancellationToken)
    {
        var subscription = await links.ResolveAsync(SubscriberLinks.Archive, token, cancellationToken);
        if (subscription is null)
        {
            return null;
        }

        var known = await officials.ListAsync(cancellationToken);
        var official = known.Any(o => o.Id == officialId) ? officialId : null;
        var minimum = SubscriptionValidator.Levels.FirstOrDefault(l => string.Equals(l.ToString(), level, StringComparison.OrdinalIgnoreCase));
        var chosenCategory = ThreatCategories.All.Contains(category ?? "", StringComparer.Ordinal) ? category : null;

        var alerts = await index.ListAsync(subscription.Id, new AlertFilter(official, minimum, chosenCategory), PageSize, cancellationToken);
        var items = new List<ArchiveItem>(alerts.Count);
        foreach (var alert in alerts)
        {
            // A statement erased since (or not readable) is left out rather than shown half.
            if (await statements.GetAsync(alert.StatementId, cancellationToken) is { } statement)
            {
                items.Add(new ArchiveItem(alert, statement));
            }
        }

        var filter = new ArchiveFilterView(
            known.OrderBy(o => o.Name, StringComparer.OrdinalIgnoreCase).Select(o => new Choice(o.Id, o.Name, "", o.Id == official)).ToList(),
            SubscriptionValidator.Levels.Select(l => new Choice(l.ToString().ToLowerInvariant(), l.ToString(), "", l == minimum)).ToList(),
            ThreatCategories.All.Select(c => new Choice(c, AlertView.Display(c), "", c == chosenCategory)).ToList(),
            official is not null || minimum != ThreatLevel.None || chosenCategory is not null,
            items.Count);
        return new ArchiveResult(subscription, filter, items);
    }

    public async Task<TimelineResult?> TimelineAsync(string? token, string? officialId, CancellationToken cancellationToken)
    {
        var subscription = await links.ResolveAsync(SubscriberLinks.Archive, token, cancellationToken);
        if (subscription is null || string.IsNullOrEmpty(officialId) || officialId.Length > 200)
        {
            return null;
        }

        var official = await officials.GetAsync(officialId, cancellationToken);
        if (official is null)
        {
            return null;
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var days = await timeline.ReadAsync(official.Id, today.AddDays(1 - StatementTimeline.Days), today, cancellationToken);
        return new TimelineResult(subscription, official, days);
    }

    /// <summary>"You missed this one": stored for review with the official it is about. Empty text is refused.</summary>
    public async Task<bool> ReportMissedAsync(TimelineResult target, string? text, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        await feedback.RecordMissedAsync(target.Official.Id, target.Subscription.Id, text, cancellationToken);
        logger.LogMissedStatementReported(target.Official.Id, target.Subscription.Id);
        return true;
    }

    /// <summary>The alert a feedback link is about: only an alert this subscriber actually received.</summary>
    public async Task<FeedbackTarget?> FeedbackTargetAsync(string? token, string? statementId, string? verdict, CancellationToken cancellationToken)
    {
        var parsed = FeedbackVerdicts.Parse(verdict);
        if (parsed is null || string.IsNullOrEmpty(statementId) || statementId.Length > 200 || !Storage.TableKeys.IsValid(statementId))
        {
            return null;
        }

        var subscription = await links.ResolveAsync(SubscriberLinks.Feedback, token, cancellationToken);
        if (subscription is null || await statements.GetAsync(statementId, cancellationToken) is not { } statement)
        {
            return null;
        }

        return await index.ContainsAsync(subscription.Id, statement, cancellationToken)
            ? new FeedbackTarget(subscription, statement, parsed.Value)
            : null;
    }

    /// <summary>Stores the verdict (again, harmlessly, on a second click) and returns a fresh archive token for the thank-you page.</summary>
    public async Task<string> RecordFeedbackAsync(FeedbackTarget target, CancellationToken cancellationToken)
    {
        await feedback.RecordVerdictAsync(target.Statement, target.Subscription.Id, target.Verdict, cancellationToken);
        logger.LogFeedbackRecorded(target.Verdict, target.Statement.Id, target.Subscription.Id);
        return links.Token(SubscriberLinks.Archive, target.Subscription);
    }
}

public sealed record ArchiveResult(Subscription Subscription, ArchiveFilterView Filter, IReadOnlyList<ArchiveItem> Items);

public sealed record TimelineResult(Subscription Subscription, Official Official, IReadOnlyList<TimelineDay> Days);

public sealed record FeedbackTarget(Subscription Subscription, StoredStatement Statement, FeedbackVerdict Verdict);
