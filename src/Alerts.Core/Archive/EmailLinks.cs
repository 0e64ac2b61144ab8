using Alerts.Core.Configuration;
using Alerts.Core.Subscriptions;

namespace Alerts.Core.Archive;

/// <summary>The preferences and unsubscribe links every email carries, signed for this subscription's generation.</summary>
public sealed record EmailLinks(string PreferencesUrl, string UnsubscribeUrl)
{
    public static EmailLinks For(AlertsOptions options, SubscriptionTokens tokens, Subscription subscription)
    {
        var baseUrl = options.PublicBaseUrl.TrimEnd('/');
        return new EmailLinks(
            $"{baseUrl}/api/preferences?token={Uri.EscapeDataString(tokens.Create(SubscriptionTokens.Preferences, subscription, SubscriptionTokens.EmailLinkLifetime))}",
            $"{baseUrl}/api/unsubscribe?token={Uri.EscapeDataString(tokens.Create(SubscriptionTokens.Unsubscribe, subscription, SubscriptionTokens.EmailLinkLifetime))}")
        {
            ArchiveUrl = $"{baseUrl}/api/alerts?token={Uri.EscapeDataString(tokens.Create(SubscriberLinks.Archive, subscription, SubscriptionTokens.EmailLinkLifetime))}",
            FeedbackBaseUrl = $"{baseUrl}/api/feedback?token={Uri.EscapeDataString(tokens.Create(SubscriberLinks.Feedback, subscription, SubscriptionTokens.EmailLinkLifetime))}",
        };
    }

    /// <summary>The subscriber's archive of earlier alerts (with feedback links and timelines).</summary>
    public string ArchiveUrl { get; init; } = "";

    /// <summary>The signed feedback link without its statement and verdict (see <see cref="EmailFeedbackLink"/>).</summary>
    public string FeedbackBaseUrl { get; init; } = "";

    /// <summary>RFC 8058: the mailbox provider POSTs <c>List-Unsubscribe=One-Click</c> to the https link.</summary>
    public IReadOnlyDictionary<string, string> Headers() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["List-Unsubscribe"] = $"<{UnsubscribeUrl}>",
        ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
    };
}
