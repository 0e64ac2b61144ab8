using System.Globalization;
using System.Net;
using System.Text;
using Alerts.Core.Configuration;
using Alerts.Core.Statements;
using Alerts.Core.Subscriptions;
using Microsoft.Extensions.Options;

namespace Alerts.Core.Delivery;

/// <summary>Renders one alert for one subscriber: subject, HTML and text bodies, unsubscribe headers. Every untrusted string is encoded.</summary>
public sealed class AlertEmailRenderer(IOptions<AlertsOptions> options, SubscriptionTokens tokens)
{
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromDays(60);

    public EmailMessage Render(StoredStatement statement, Subscription subscription)
    {
        var analysis = statement.Analysis;
        var baseUrl = options.Value.PublicBaseUrl.TrimEnd('/');
        var unsubscribeUrl = $"{baseUrl}/api/unsubscribe?token={Uri.EscapeDataString(tokens.Create("unsubscribe", subscription.Id, LinkLifetime))}";
        var preferencesUrl = $"{baseUrl}/api/preferences?token={Uri.EscapeDataString(tokens.Create("preferences", subscription.Id, LinkLifetime))}";
        var gist = analysis.Evidence.Count > 0 ? analysis.Evidence[0].Text : statement.Title ?? "";
        var subject = OneLine($"[{analysis.Level.ToString().ToUpperInvariant()}] {statement.OfficialName}: \u201C{Truncate(gist, 80)}\u201D");
        var categories = string.Join(", ", analysis.Categories.Select(c => c.Replace('_', ' ')));

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>")
            .Append(E(subject)).Append("</title></head><body style=\"font-family:sans-serif;max-width:640px;margin:auto\">");
        html.Append("<h1 style=\"font-size:1.2em\">").Append(E(statement.OfficialName)).Append(" &mdash; ")
            .Append(E(analysis.Level.ToString())).Append(" threat (severity ").Append(analysis.Severity.ToString(CultureInfo.InvariantCulture)).Append("/100)</h1>");
        html.Append("<p><strong>Categories:</strong> ").Append(E(categories)).Append("</p>");
        html.Append("<blockquote style=\"border-left:4px solid #c00;padding-left:1em\">").Append(Highlight(statement)).Append("</blockquote>");
        html.Append("<h2 style=\"font-size:1em\">Why this is a threat</h2><ul>");
        foreach (var evidence in analysis.Evidence)
        {
            html.Append("<li><mark>").Append(E(evidence.Text)).Append("</mark> &mdash; ").Append(E(evidence.Category.Replace('_', ' ')))
                .Append(" <small>(rule ").Append(E(evidence.Rule)).Append(")</small></li>");
        }

        html.Append("</ul><h2 style=\"font-size:1em\">Sources</h2><ul>");
        foreach (var source in statement.Sources)
        {
            html.Append("<li>").Append(E(source.SourceName));
            if (SafeLink(source.Url) is { } link)
            {
                html.Append(": <a href=\"").Append(E(link)).Append("\">").Append(E(source.Title ?? link)).Append("</a>");
            }

            html.Append("</li>");
        }

        html.Append("</ul><p>Said: ").Append(E(When(statement.PublishedAt))).Append(". Detected: ").Append(E(When(statement.DetectedAt))).Append(".</p>");
        html.Append("<p style=\"color:#555;font-size:0.9em\">You receive this because you follow ")
            .Append(E(subscription.OfficialIds.Count == 0 ? "all watched officials" : statement.OfficialName))
            .Append(" at level ").Append(E(subscription.MinimumLevel.ToString())).Append(" or above. ")
            .Append("<a href=\"").Append(E(preferencesUrl)).Append("\">Change preferences</a> &middot; ")
            .Append("<a href=\"").Append(E(unsubscribeUrl)).Append("\">Unsubscribe</a></p></body></html>");

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{statement.OfficialName} - {analysis.Level} threat (severity {analysis.Severity}/100)");
        text.AppendLine(CultureInfo.InvariantCulture, $"Categories: {categories}");
        text.AppendLine().AppendLine(statement.Text).AppendLine().AppendLine("Why this is a threat:");
        foreach (var evidence in analysis.Evidence)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  * \"{evidence.Text}\" - {evidence.Category.Replace('_', ' ')} (rule {evidence.Rule})");
        }

        text.AppendLine().AppendLine("Sources:");
        foreach (var source in statement.Sources)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  * {source.SourceName}: {source.Url}");
        }

        text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Said: {When(statement.PublishedAt)}. Detected: {When(statement.DetectedAt)}.");
        text.AppendLine(CultureInfo.InvariantCulture, $"Change preferences: {preferencesUrl}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Unsubscribe: {unsubscribeUrl}");

        var headers = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["List-Unsubscribe"] = $"<{unsubscribeUrl}>",
            ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
        };
        var customArgs = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["statement_id"] = statement.Id,
            ["subscription_id"] = subscription.Id,
            ["correlation_id"] = statement.CorrelationId,
        };
        return new EmailMessage(subscription.Email, subject, html.ToString(), text.ToString(), headers, customArgs);
    }

    private static string Highlight(StoredStatement statement)
    {
        var text = statement.Text;
        var builder = new StringBuilder();
        var position = 0;
        foreach (var evidence in statement.Analysis.Evidence.Where(e => e.Start >= 0 && e.End <= text.Length && e.Start < e.End).OrderBy(e => e.Start))
        {
            if (evidence.Start < position)
            {
                continue;
            }

            builder.Append(E(text[position..evidence.Start])).Append("<mark>").Append(E(text[evidence.Start..evidence.End])).Append("</mark>");
            position = evidence.End;
        }

        builder.Append(E(text[position..]));
        return builder.ToString().Replace("\n", "<br>", StringComparison.Ordinal);
    }

    private static string E(string value) => WebUtility.HtmlEncode(value);

    private static string? SafeLink(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri.ToString() : null;

    private static string When(DateTimeOffset? at) => at is { } value ? value.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "unknown";

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..(max - 1)] + "\u2026";

    private static string OneLine(string value) => new(value.Select(c => char.IsControl(c) ? ' ' : c).ToArray());
}
