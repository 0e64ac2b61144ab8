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
