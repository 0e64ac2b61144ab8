using Microsoft.Extensions.Logging;

namespace Alerts.Local;

/// <summary>The local tooling's log lines (event ids 4000-4099, listed in docs/operations.md).</summary>
internal static partial class LocalLog
{
    [LoggerMessage(EventId = 4000, EventName = "LocalMessagePoisoned", Level = LogLevel.Error,
        Message = "Message {MessageId} on {Queue} failed {Count} times; moved to poison")]
    public static partial void LogLocalMessagePoisoned(this ILogger logger, Exception exception, string messageId, string queue, long count);

    [LoggerMessage(EventId = 4001, EventName = "LocalMessageFailed", Level = LogLevel.Warning,
        Message = "Message {MessageId} on {Queue} failed (attempt {Count}): {Reason}")]
    public static partial void LogLocalMessageFailed(this ILogger logger, string messageId, string queue, long count, string reason);

    [LoggerMessage(EventId = 4002, EventName = "LocalMessageTakenOver", Level = LogLevel.Warning,
        Message = "Message {MessageId} on {Queue} was received again before this run finished ({ErrorCode}); left to that run")]
    public static partial void LogLocalMessageTakenOver(this ILogger logger, string messageId, string queue, string? errorCode);
}
