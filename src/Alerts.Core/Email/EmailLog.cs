using Microsoft.Extensions.Logging;

namespace Alerts.Core.Email;

/// <summary>The Email folder's log lines (event ids 1500-1599, listed in docs/operations.md).</summary>
internal static partial class EmailLog
{
    [LoggerMessage(EventId = 1500, EventName = "SendGridTimedOut", Level = LogLevel.Warning,
        Message = "SendGrid timed out; leaving the retry to the queue")]
    public static partial void LogSendGridTimedOut(this ILogger logger);

    [LoggerMessage(EventId = 1501, EventName = "SendGridRetriesSpent", Level = LogLevel.Warning,
        Message = "SendGrid answered {Status} (retry after {RetryAfter}) after {MaxAttempts} attempts at most; leaving the retry to the queue")]
    public static partial void LogSendGridRetriesSpent(this ILogger logger, int status, TimeSpan? retryAfter, int maxAttempts);

    [LoggerMessage(EventId = 1502, EventName = "SendGridRetrying", Level = LogLevel.Warning,
        Message = "SendGrid answered {Status} (waiting {RetryDelay}); attempt {Attempt} of {MaxAttempts}")]
    public static partial void LogSendGridRetrying(this ILogger logger, int? status, TimeSpan retryDelay, int attempt, int maxAttempts);
}
