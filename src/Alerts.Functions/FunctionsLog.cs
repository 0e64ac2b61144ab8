using Microsoft.Extensions.Logging;

namespace Alerts.Functions;

/// <summary>The Function app's own log lines (event ids 3000-3099, listed in docs/operations.md).</summary>
internal static partial class FunctionsLog
{
    [LoggerMessage(EventId = 3000, EventName = "StorageNotCreatedAtStart", Level = LogLevel.Error,
        Message = "Could not create tables and queues at start: {Reason}")]
    public static partial void LogStorageNotCreatedAtStart(this ILogger logger, Exception exception, string reason);

    [LoggerMessage(EventId = 3001, EventName = "StaleDeliveriesReconciled", Level = LogLevel.Information,
        Message = "Reconciled stale deliveries: {Sent} sent, {Released} released, {Unknown} unknown, {Skipped} taken back by their worker")]
    public static partial void LogStaleDeliveriesReconciled(this ILogger logger, int sent, int released, int unknown, int skipped);

    /// <summary>The per-queue backlog the ops workbook charts (infra/modules/workbook.json matches this template).</summary>
    [LoggerMessage(EventId = 3002, EventName = "QueueBacklog", Level = LogLevel.Information,
        Message = "Queue {Queue} backlog {Backlog}, poison {Poison}")]
    public static partial void LogQueueBacklog(this ILogger logger, string queue, int backlog, int poison);

    [LoggerMessage(EventId = 3003, EventName = "HttpFunctionFailed", Level = LogLevel.Error,
        Message = "HTTP function failed (invocation {InvocationId})")]
    public static partial void LogHttpFunctionFailed(this ILogger logger, Exception exception, string invocationId);
}
