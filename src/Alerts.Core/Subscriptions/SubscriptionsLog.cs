using Alerts.Core.Email;
using Microsoft.Extensions.Logging;

namespace Alerts.Core.Subscriptions;

/// <summary>The Subscriptions folder's log lines (event ids 1300-1399, listed in docs/operations.md).</summary>
internal static partial class SubscriptionsLog
{
    [LoggerMessage(EventId = 1300, EventName = "ConfirmationThrottled", Level = LogLevel.Information,
        Message = "Subscribe for {SubscriptionId}: confirmation sent recently, not sending another")]
    public static partial void LogConfirmationThrottled(this ILogger logger, string subscriptionId);

    [LoggerMessage(EventId = 1301, EventName = "ConfirmationNotSent", Level = LogLevel.Warning,
        Message = "Confirmation email for {SubscriptionId} not sent: {Reason}")]
    public static partial void LogConfirmationNotSent(this ILogger logger, string subscriptionId, string? reason);

    [LoggerMessage(EventId = 1302, EventName = "Subscribed", Level = LogLevel.Information,
        Message = "Subscribe for {SubscriptionId}: {Status}, confirmation {SendStatus}")]
    public static partial void LogSubscribed(this ILogger logger, string subscriptionId, SubscriptionStatus status, EmailSendStatus sendStatus);

    [LoggerMessage(EventId = 1303, EventName = "Confirmed", Level = LogLevel.Information,
        Message = "Subscription {SubscriptionId} confirmed")]
    public static partial void LogConfirmed(this ILogger logger, string subscriptionId);

    [LoggerMessage(EventId = 1304, EventName = "PreferencesChanged", Level = LogLevel.Information,
        Message = "Subscription {SubscriptionId} preferences changed")]
    public static partial void LogPreferencesChanged(this ILogger logger, string subscriptionId);

    [LoggerMessage(EventId = 1305, EventName = "PreferencesLinksSignedOut", Level = LogLevel.Information,
        Message = "Subscription {SubscriptionId}: earlier preferences links signed out")]
    public static partial void LogPreferencesLinksSignedOut(this ILogger logger, string subscriptionId);

    [LoggerMessage(EventId = 1306, EventName = "Unsubscribed", Level = LogLevel.Information,
        Message = "Subscription {SubscriptionId} unsubscribed")]
    public static partial void LogUnsubscribed(this ILogger logger, string subscriptionId);

    [LoggerMessage(EventId = 1307, EventName = "UnconfirmedPurged", Level = LogLevel.Information,
        Message = "Removed {Count} unconfirmed subscriptions older than {Days} days")]
    public static partial void LogUnconfirmedPurged(this ILogger logger, int count, double days);

    [LoggerMessage(EventId = 1308, EventName = "AdminAddedSubscriber", Level = LogLevel.Information,
        Message = "Admin added subscriber {SubscriptionId}")]
    public static partial void LogAdminAddedSubscriber(this ILogger logger, string subscriptionId);

    [LoggerMessage(EventId = 1309, EventName = "AdminRemovedSubscriber", Level = LogLevel.Information,
        Message = "Admin removed subscriber {SubscriptionId}")]
    public static partial void LogAdminRemovedSubscriber(this ILogger logger, string subscriptionId);

    [LoggerMessage(EventId = 1310, EventName = "AdminErasedSubscriber", Level = LogLevel.Information,
        Message = "Admin erased subscriber {SubscriptionId}: {Rows} ledger and feedback rows")]
    public static partial void LogAdminErasedSubscriber(this ILogger logger, string subscriptionId, int rows);
}
