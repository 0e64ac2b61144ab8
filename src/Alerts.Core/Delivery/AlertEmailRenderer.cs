using Alerts.Core.Archive;
using Alerts.Core.Configuration;
using Alerts.Core.Email.Templates;
using Alerts.Core.Email;
using Alerts.Core.Statements;
using Alerts.Core.Subscriptions;
using Alerts.Core.Threats;
using Microsoft.Extensions.Options;

namespace Alerts.Core.Delivery;

/// <summary>
/// Renders one alert for one subscriber from Liquid templates (<c>Email/Templates/alert.*</c>): subject,
/// HTML and text bodies, and the RFC 8058 unsubscribe headers. Every untrusted string reaches the HTML
/// through the template engine's encoder; links are kept only when they are http(s).
/// </summary>
public sealed class AlertEmailRenderer(IOptions<AlertsOptions> options, SubscriptionTokens tokens, LiquidTemplates templates)
{
    public EmailMessage Render(StoredStatement statement, Subscription subscription)
    {
        var links = EmailLinks.For(options.Value, tokens, subscription);
        var model = AlertView.From(statement, subscription.Reason(statement));
        var feedback = EmailFeedbackLink.For(links, statement.Id);
        var page = new { Alert = model, Links = links, Feedback = feedback };
        var subject = EmailText.OneLine(templates.RenderText("Email/Templates/alert.subject.liquid", page));
        var html = templates.RenderHtml("Email/Templates/alert.html.liquid", new { Alert = model, Links = links, Feedback = feedback, Subject = subject });
        var text = templates.RenderText("Email/Templates/alert.txt.liquid", page);

        var customArgs = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["statement_id"] = statement.Id,
            ["subscription_id"] = subscription.Id,
            ["correlation_id"] = statement.CorrelationId,
        };
        return new EmailMessage(subscription.Email, subject, html, text, links.Headers(), customArgs);
    }
}

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
