using Microsoft.Extensions.Logging;

namespace Alerts.Core.Pipeline;

/// <summary>The Pipeline folder's log lines (event ids 1800-1899, listed in docs/operations.md).</summary>
internal static partial class PipelineLog
{
    [LoggerMessage(EventId = 1800, EventName = "UnreadableMessagePoisoned", Level = LogLevel.Error,
        Message = "Unreadable message {MessageId} on {Queue} moved to {PoisonQueue}: {Reason}")]
    public static partial void LogUnreadableMessagePoisoned(this ILogger logger, string messageId, string queue, string poisonQueue, string reason);

    [LoggerMessage(EventId = 1801, EventName = "PoisonReplayed", Level = LogLevel.Information,
        Message = "Replayed {Count} messages from {PoisonQueue} to {Queue}")]
    public static partial void LogPoisonReplayed(this ILogger logger, int count, string poisonQueue, string queue);
}
