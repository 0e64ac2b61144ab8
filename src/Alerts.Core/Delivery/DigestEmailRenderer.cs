using System.Globalization;
using Alerts.Core.Archive;
using Alerts.Core.Configuration;
using Alerts.Core.Email.Templates;
using Alerts.Core.Email;
using Alerts.Core.Statements;
using Alerts.Core.Subscriptions;
using Microsoft.Extensions.Options;

namespace Alerts.Core.Delivery;

/// <summary>Renders one subscriber's daily digest from <c>Email/Templates/digest.*</c>: the day's alerts grouped by official, most severe first.</summary>
public sealed class DigestEmailRenderer(IOptions<AlertsOptions> options, SubscriptionTokens tokens, LiquidTemplates templates)
{
    public EmailMessage Render(DateOnly day, IReadOnlyList<StoredStatement> statements, Subscription subscription)
    {
        var links = EmailLinks.For(options.Value, tokens, subscription);
        var groups = statements
            .GroupBy(s => s.OfficialId, StringComparer.Ordinal)
            .Select(g => new DigestGroup(
                g.First().OfficialName,
                g.OrderByDescending(s => s.Analysis.Severity).ThenBy(s => s.DetectedAt).Select(s => AlertView.From(s, "")).ToList(),
                g.Max(s => s.Analysis.Severity)))
            .OrderByDescending(g => g.TopSeverity)
            .ThenBy(g => g.OfficialName, StringComparer.Ordinal)
            .ToList();
        var reason = subscription.Mode switch
        {
            DeliveryMode.Digest => "You receive one digest a day for the alerts your filters select.",
            DeliveryMode.WeeklyDigest => "You receive one digest a week for the alerts your filters select.",
            _ => "These alerts went over your hourly limit, so they were kept for this digest.",
        };
        var model = new
        {
            Date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Count = statements.Count,
            NotJudgedCount = statements.Count(s => !s.Analysis.Judged),
            Groups = groups,
            Links = links,
            Reason = reason,
            Period = subscription.Mode == DeliveryMode.WeeklyDigest ? "Weekly" : "Daily",
            Subject = "",
        };
        var subject = EmailText.OneLine(templates.RenderText("Email/Templates/digest.subject.liquid", model));
        var html = templates.RenderHtml("Email/Templates/digest.html.liquid", model with { Subject = subject });
        var text = templates.RenderText("Email/Templates/digest.txt.liquid", model);
        var customArgs = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["statement_id"] = DigestSender.DigestKey(day),
            ["subscription_id"] = subscription.Id,
        };
        return new EmailMessage(subscription.Email, subject, html, text, links.Headers(), customArgs);
    }
}

public sealed record DigestGroup(string OfficialName, IReadOnlyList<AlertView> Alerts, int TopSeverity);
