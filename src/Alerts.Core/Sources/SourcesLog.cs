using Microsoft.Extensions.Logging;

namespace Alerts.Core.Sources;

/// <summary>
/// Every log event of the Sources folder, source-generated (<c>[LoggerMessage]</c>), event ids 1000-1099:
/// 1000s the poll stage, 1010s fetch retries, 1020s the X API, 1030s article pages, 1040s push ingest.
/// The poll's correlation id is not in the templates: the queue handler's logging scope carries it.
/// docs/operations.md lists each id with what the operator does.
/// </summary>
internal static partial class SourcesLog
{
    [LoggerMessage(EventId = 1000, EventName = "PollsScheduled", Level = LogLevel.Information,
        Message = "Scheduled {Count} source polls for window {WindowStart:o} to {Now:o}")]
    public static partial void PollsScheduled(this ILogger logger, int count, DateTimeOffset windowStart, DateTimeOffset now);

    [LoggerMessage(EventId = 1001, EventName = "UnknownSourceIgnored", Level = LogLevel.Warning,
        Message = "Poll request for unknown source {SourceId} ignored")]
    public static partial void UnknownSourceIgnored(this ILogger logger, string sourceId);

    [LoggerMessage(EventId = 1002, EventName = "SourcePolled", Level = LogLevel.Information,
        Message = "Source {SourceId}: {Items} items, {New} new, {Candidates} candidate statements")]
    public static partial void SourcePolled(this ILogger logger, string sourceId, int items, int @new, int candidates);

    [LoggerMessage(EventId = 1003, EventName = "SourceNotModified", Level = LogLevel.Information,
        Message = "Source {SourceId} not modified")]
    public static partial void SourceNotModified(this ILogger logger, string sourceId);

    [LoggerMessage(EventId = 1004, EventName = "SourceFailed", Level = LogLevel.Warning,
        Message = "Source {SourceId} failed ({Failures} in a row): {Reason}; next try in {Backoff}")]
    public static partial void SourceFailed(this ILogger logger, string sourceId, int failures, string? reason, TimeSpan backoff);

    [LoggerMessage(EventId = 1010, EventName = "FetchRetrying", Level = LogLevel.Warning,
        Message = "Fetch from {Host} answered {Outcome}; waiting {RetryDelay}, attempt {Attempt} of {MaxAttempts}")]
    public static partial void FetchRetrying(this ILogger logger, string host, string outcome, TimeSpan retryDelay, int attempt, int maxAttempts);

    [LoggerMessage(EventId = 1020, EventName = "XPartialError", Level = LogLevel.Warning,
        Message = "X source {SourceId}: partial error {Problem}")]
    public static partial void XPartialError(this ILogger logger, string sourceId, string problem);

    [LoggerMessage(EventId = 1021, EventName = "XRateLimitExhausted", Level = LogLevel.Warning,
        Message = "X source {SourceId}: rate limit window exhausted after {Pages} pages")]
    public static partial void XRateLimitExhausted(this ILogger logger, string sourceId, int pages);

    [LoggerMessage(EventId = 1030, EventName = "ArticleBudgetSpent", Level = LogLevel.Information,
        Message = "Article fetching stopped at its budget of {Budget}")]
    public static partial void ArticleBudgetSpent(this ILogger logger, TimeSpan budget);

    [LoggerMessage(EventId = 1031, EventName = "ArticleRefused", Level = LogLevel.Information,
        Message = "Article {Url} not read: HTTP {Status} {MediaType}")]
    public static partial void ArticleRefused(this ILogger logger, string url, int status, string? mediaType);

    [LoggerMessage(EventId = 1032, EventName = "ArticleUnreadable", Level = LogLevel.Information,
        Message = "Article {Url} has no readable main text")]
    public static partial void ArticleUnreadable(this ILogger logger, string url);

    [LoggerMessage(EventId = 1033, EventName = "ArticleFetchFailed", Level = LogLevel.Information,
        Message = "Article {Url} not read: {Reason}")]
    public static partial void ArticleFetchFailed(this ILogger logger, string url, string reason);

    /// <summary>Push ingest begins no scope, so its own correlation id stays in the template.</summary>
    [LoggerMessage(EventId = 1040, EventName = "StatementIngested", Level = LogLevel.Information,
        Message = "Ingested statement {StatementId} by {OfficialId} from {SourceName} ({CorrelationId})")]
    public static partial void StatementIngested(this ILogger logger, string statementId, string officialId, string sourceName, string correlationId);
}
