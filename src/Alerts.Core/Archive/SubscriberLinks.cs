using Alerts.Core.Configuration;
using Alerts.Core.Subscriptions;
using Microsoft.Extensions.Options;

namespace Alerts.Core.Archive;

/// <summary>
/// Signed links to the archive, timeline, feedback and feeds, on the same rules as the preferences link:
/// a genuine, unexpired token of the right purpose, for the subscription's current generation, and an
/// active subscription. Anything else (forged, expired, earlier generation, unsubscribed, unknown) is
/// one answer: an invalid link.
/// </summary>
public sealed class SubscriberLinks(SubscriptionTokens tokens, SubscriptionStore subscriptions, IOptions<AlertsOptions> options)
{
    /// <summary>The archive and timeline pages.</summary>
    public const string Archive = "archive";

    /// <summary>One-click feedback on an alert.</summary>
    public const string Feedback = "feedback";

    /// <summary>Atom and JSON feeds; a separate purpose, as a feed URL is pasted into other tools.</summary>
    public const string Feed = "feed";

    /// <summary>Feed URLs live in feed readers for a long time; a year, then the archive page gives a fresh one.</summary>
    public static readonly TimeSpan FeedLifetime = TimeSpan.FromDays(365);

    public async Task<Subscription?> ResolveAsync(string purpose, string? token, CancellationToken cancellationToken)
    {
        var claims = tokens.Read(purpose, token);
        if (claims is null)
        {
            return null;
        }

        var subscription = await subscriptions.GetAsync(claims.SubscriptionId, cancellationToken);
        return subscription is { Status: SubscriptionStatus.Active } && subscription.Version == claims.Version ? subscription : null;
    }

    public string Token(string purpose, Subscription subscription) =>
        tokens.Create(purpose, subscription, purpose == Feed ? FeedLifetime : SubscriptionTokens.EmailLinkLifetime);

    public string ArchiveUrl(Subscription subscription) => Url("alerts", Archive, subscription);

    public string FeedUrl(Subscription subscription, string format) => Url("feed/" + format, Feed, subscription);

    public string FeedbackUrl(Subscription subscription, string statementId, string verdict) =>
        Url("feedback", Feedback, subscription) + "&statement=" + Uri.EscapeDataString(statementId) + "&verdict=" + Uri.EscapeDataString(verdict);

    private string Url(string path, string purpose, Subscription subscription) =>
        $"{options.Value.PublicBaseUrl.TrimEnd('/')}/api/{path}?token={Uri.EscapeDataString(Token(purpose, subscription))}";
}
