using Alerts.Core.Threats;
using Microsoft.Extensions.Logging;

namespace Alerts.Core.Delivery;

/// <summary>
/// The Delivery folder's log lines (event ids 1400-1499, listed in docs/operations.md). The queue stages run inside a
/// logging scope that carries the message's <c>CorrelationId</c> (<see cref="Pipeline.QueueMessageHandler"/>), so the
/// templates do not repeat it.
/// </summary>
internal static partial class DeliveryLog
{
    [LoggerMessage(EventId = 1400, EventName = "StatementCorroborated", Level = LogLevel.Information,
        Message = "Statement {StatementId} already known; now {Count} sources")]
    public static partial void LogStatementCorroborated(this ILogger logger, string statementId, int count);

    [LoggerMessage(EventId = 1401, EventName = "StatementProcessed", Level = LogLevel.Information,
        Message = "Statement {StatementId} by {OfficialId}: threat={Threat} level={Level} severity={Severity}; {Deliveries} deliveries")]
    public static partial void LogStatementProcessed(this ILogger logger, string statementId, string officialId, bool threat, ThreatLevel level, int severity, int deliveries);

    [LoggerMessage(EventId = 1402, EventName = "DeliveryForUnknownStatement", Level = LogLevel.Warning,
        Message = "Delivery for unknown statement {StatementId} dropped")]
    public static partial void LogDeliveryForUnknownStatement(this ILogger logger, string statementId);

    [LoggerMessage(EventId = 1403, EventName = "DeliveryNotClaimed", Level = LogLevel.Information,
        Message = "Delivery {StatementId}/{SubscriptionId} not sent: {Claim}")]
    public static partial void LogDeliveryNotClaimed(this ILogger logger, string statementId, string subscriptionId, ClaimOutcome claim);

    [LoggerMessage(EventId = 1404, EventName = "AlertFoldedIntoDigest", Level = LogLevel.Information,
        Message = "Alert {StatementId} to {SubscriptionId} folded into the next digest: hourly cap reached")]
    public static partial void LogAlertFoldedIntoDigest(this ILogger logger, string statementId, string subscriptionId);

    [LoggerMessage(EventId = 1405, EventName = "AlertSent", Level = LogLevel.Information,
        Message = "Alert {StatementId} sent to {SubscriptionId} as {MessageId}")]
    public static partial void LogAlertSent(this ILogger logger, string statementId, string subscriptionId, string? messageId);

    [LoggerMessage(EventId = 1406, EventName = "AlertFailed", Level = LogLevel.Error,
        Message = "Alert {StatementId} to {SubscriptionId} failed for good: {Reason}")]
    public static partial void LogAlertFailed(this ILogger logger, string statementId, string subscriptionId, string? reason);

    [LoggerMessage(EventId = 1407, EventName = "DigestSent", Level = LogLevel.Information,
        Message = "Digest {DigestKey} with {Count} alerts sent to {SubscriptionId} as {MessageId}")]
    public static partial void LogDigestSent(this ILogger logger, string digestKey, int count, string subscriptionId, string? messageId);

    [LoggerMessage(EventId = 1408, EventName = "DigestFailed", Level = LogLevel.Error,
        Message = "Digest {DigestKey} to {SubscriptionId} failed for good: {Reason}")]
    public static partial void LogDigestFailed(this ILogger logger, string digestKey, string subscriptionId, string? reason);

    [LoggerMessage(EventId = 1409, EventName = "DigestNotSentYet", Level = LogLevel.Warning,
        Message = "Digest {DigestKey} to {SubscriptionId} not sent yet: {Reason}")]
    public static partial void LogDigestNotSentYet(this ILogger logger, string digestKey, string subscriptionId, string? reason);

    [LoggerMessage(EventId = 1410, EventName = "DailyDigestRun", Level = LogLevel.Information,
        Message = "Daily digest: {Sent} sent, {Empty} with nothing to send, {AlreadyDone} already sent, {Failed} failed, {Retry} to retry; {Purged} unconfirmed removed")]
    public static partial void LogDailyDigestRun(this ILogger logger, int sent, int empty, int alreadyDone, int failed, int retry, int purged);

    [LoggerMessage(EventId = 1411, EventName = "DeliveryReconciledAsSent", Level = LogLevel.Information,
        Message = "Delivery {StatementId}/{SubscriptionId} reconciled as sent ({MessageId})")]
    public static partial void LogDeliveryReconciledAsSent(this ILogger logger, string statementId, string subscriptionId, string? messageId);

    [LoggerMessage(EventId = 1412, EventName = "DeliveryReleasedNeverSent", Level = LogLevel.Warning,
        Message = "Delivery {StatementId}/{SubscriptionId} was never sent (SendGrid has no record): released for its redelivery or a poison replay")]
    public static partial void LogDeliveryReleasedNeverSent(this ILogger logger, string statementId, string subscriptionId);

    /// <summary>The <c>LedgerUnknown</c> marker is what the <c>alert-delivery-unknown</c> rule (infra/modules/alerts.bicep) searches for.</summary>
    [LoggerMessage(EventId = 1413, EventName = "LedgerUnknown", Level = LogLevel.Error,
        Message = "LedgerUnknown: delivery {StatementId}/{SubscriptionId} claimed at {ClaimedAt} may or may not have gone out, and SendGrid's record could not be read ({Detail}); it will not be sent again")]
    public static partial void LogLedgerUnknown(this ILogger logger, string statementId, string subscriptionId, DateTimeOffset claimedAt, string? detail);
}
