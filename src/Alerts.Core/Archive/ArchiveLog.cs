using Alerts.Core.Feedback;
using Microsoft.Extensions.Logging;

namespace Alerts.Core.Archive;

/// <summary>The Archive folder's log lines (event ids 1700-1799, listed in docs/operations.md).</summary>
internal static partial class ArchiveLog
{
    [LoggerMessage(EventId = 1700, EventName = "MissedStatementReported", Level = LogLevel.Information,
        Message = "Missed statement reported for {OfficialId} by {SubscriptionId}")]
    public static partial void LogMissedStatementReported(this ILogger logger, string officialId, string subscriptionId);

    [LoggerMessage(EventId = 1701, EventName = "FeedbackRecorded", Level = LogLevel.Information,
        Message = "Feedback {Verdict} on {StatementId} from {SubscriptionId}")]
    public static partial void LogFeedbackRecorded(this ILogger logger, FeedbackVerdict verdict, string statementId, string subscriptionId);
}
