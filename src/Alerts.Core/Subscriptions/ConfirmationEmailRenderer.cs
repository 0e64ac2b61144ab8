using Alerts.Core.Configuration;
using Alerts.Core.Email.Templates;
using Alerts.Core.Email;
using Alerts.Core.Officials;
using Alerts.Core.Statements;
using Microsoft.Extensions.Options;

namespace Alerts.Core.Subscriptions;

/// <summary>
/// The double opt-in email (<c>Email/Templates/confirm.*</c>): a confirm link for a new or pending
/// subscription, or, when the address is already subscribed, a note with a preferences link, so the
/// subscribe endpoint can answer every address the same way.
/// </summary>
public sealed class ConfirmationEmailRenderer(IOptions<AlertsOptions> options, SubscriptionTokens tokens, LiquidTemplates templates)
{
    public EmailMessage Render(Subscription subscription, IReadOnlyList<Official> officials)
    {
        var baseUrl = options.Value.PublicBaseUrl.TrimEnd('/');
        var alreadyActive = subscription.Status == SubscriptionStatus.Active;
        var names = officials.ToDictionary(o => o.Id, o => o.Name, StringComparer.Ordinal);
        var model = new
        {
            AlreadyActive = alreadyActive,
            Subject = alreadyActive ? "You are already subscribed to threat alerts" : "Confirm your threat alerts subscription",
            // Each email carries only the link it needs: a confirm link for a pending subscription, a preferences link for an active one.
            ConfirmUrl = alreadyActive ? "" : $"{baseUrl}/api/confirm?token={Uri.EscapeDataString(tokens.Create(SubscriptionTokens.Confirm, subscription, SubscriptionService.ConfirmWindow))}",
            PreferencesUrl = alreadyActive ? $"{baseUrl}/api/preferences?token={Uri.EscapeDataString(tokens.Create(SubscriptionTokens.Preferences, subscription, SubscriptionTokens.EmailLinkLifetime))}" : "",
            Officials = subscription.OfficialIds.Count == 0 ? "all watched officials" : string.Join(", ", subscription.OfficialIds.Select(id => names.GetValueOrDefault(id, id))),
            Level = subscription.MinimumLevel.ToString(),
            Categories = subscription.Categories.Count == 0 ? "all" : string.Join(", ", subscription.Categories.Select(AlertView.Display)),
            Mode = subscription.Mode == DeliveryMode.Digest ? "one daily digest" : "immediately, one email per alert",
            ExpiresAt = AlertView.When(subscription.CreatedAt.Add(SubscriptionService.ConfirmWindow)),
        };
        var html = templates.RenderHtml("Email/Templates/confirm.html.liquid", model);
        var text = templates.RenderText("Email/Templates/confirm.txt.liquid", model);
        var customArgs = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["statement_id"] = alreadyActive ? "reminder" : "confirm",
            ["subscription_id"] = subscription.Id,
        };
        return new EmailMessage(subscription.Email, model.Subject, html, text, new Dictionary<string, string>(StringComparer.Ordinal), customArgs);
    }
}
