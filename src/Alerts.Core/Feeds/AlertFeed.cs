using Alerts.Core.Archive;
using Alerts.Core.Configuration;
using Alerts.Core.Delivery;
using Alerts.Core.Email;
using Alerts.Core.Statements;
using Alerts.Core.Storage;
using Alerts.Core.Subscriptions;
using Microsoft.Extensions.Options;

namespace Alerts.Core.Feeds;

/// <summary>A subscription's feed before it is written as Atom or JSON Feed; <see cref="ETag"/> names its content.</summary>
public sealed record AlertFeed(string Id, string Title, string SelfUrl, string AlternateUrl, DateTimeOffset Updated, string ETag, IReadOnlyList<AlertFeedEntry> Entries);

/// <param name="Html">The statement with evidence in <c>&lt;mark&gt;</c>, every piece of text HTML-encoded.</param>
public sealed record AlertFeedEntry(
    string Id, string Title, string? Link, DateTimeOffset Updated, DateTimeOffset? Published, string Author,
    string Summary, string Text, string Html, IReadOnlyList<string> Categories, string Level);

/// <summary>
/// Builds a subscription's feed from its alert index (what its email filters selected, re-checked against
/// the filters as they are now). The ETag comes from the index rows and the filters alone, so a
/// conditional GET that matches is answered before any statement is read.
/// </summary>
public sealed class AlertFeedBuilder(SubscriberLinks links, AlertIndex index, StatementStore statements, IOptions<AlertsOptions> options)
{
    public const int MaxEntries = 50;

    public async Task<(Subscription Subscription, IReadOnlyList<IndexedAlert> Alerts, string ETag)?> ResolveAsync(string? token, CancellationToken cancellationToken)
    {
        var subscription = await links.ResolveAsync(SubscriberLinks.Feed, token, cancellationToken);
        if (subscription is null)
        {
            return null;
        }

        var alerts = (await index.ListAsync(subscription.Id, new AlertFilter(MinimumLevel: subscription.MinimumLevel), AlertIndex.MaxRows, cancellationToken))
            .Where(a => subscription.OfficialIds.Count == 0 || subscription.OfficialIds.Contains(a.OfficialId, StringComparer.Ordinal))
            .Where(a => subscription.Categories.Count == 0 || a.Categories.Any(c => subscription.Categories.Contains(c, StringComparer.Ordinal)))
            .Take(MaxEntries)
            .ToList();
        var identity = string.Join('|', alerts.Select(a => a.StatementId + "@" + a.DetectedAt.UtcTicks))
            + "#" + subscription.Version + "#" + subscription.MinimumLevel + "#" + string.Join(',', subscription.OfficialIds) + "#" + string.Join(',', subscription.Categories);
        return (subscription, alerts, "\"" + TableKeys.Hash(identity, 32) + "\"");
    }

    public async Task<AlertFeed> BuildAsync(Subscription subscription, IReadOnlyList<IndexedAlert> alerts, string etag, string format, CancellationToken cancellationToken)
    {
        var entries = new List<AlertFeedEntry>(alerts.Count);
        foreach (var alert in alerts)
        {
            if (await statements.GetAsync(alert.StatementId, cancellationToken) is { } statement)
            {
                entries.Add(Entry(statement));
            }
        }

        return new AlertFeed(
            TagUri("feed:" + subscription.Id),
            "Threat alerts",
            links.FeedUrl(subscription, format),
            links.ArchiveUrl(subscription),
            entries.Count > 0 ? entries.Max(e => e.Updated) : subscription.ConfirmedAt ?? subscription.CreatedAt,
            etag,
            entries);
    }

    private AlertFeedEntry Entry(StoredStatement statement)
    {
        var view = AlertView.From(statement, "");
        var html = string.Concat(view.Segments.Select(s => s.Mark ? "<mark>" + Encode(s.Text) + "</mark>" : Encode(s.Text)));
        var link = AlertView.SafeLink(statement.Url) ?? statement.Sources.Select(s => AlertView.SafeLink(s.Url)).FirstOrDefault(u => u is not null);
        return new AlertFeedEntry(
            TagUri("statement:" + statement.Id),
            EmailText.OneLine($"[{view.LevelUpper}] {statement.OfficialName}: \u201C{view.Gist}\u201D"),
            link,
            statement.DetectedAt,
            statement.PublishedAt,
            statement.OfficialName,
            view.Gist,
            statement.Text,
            $"<p>{html}</p><p>Level {Encode(view.Level)}, severity {view.Severity}/100{(view.Categories.Count > 0 ? ": " + Encode(string.Join(", ", view.Categories)) : "")}.</p>",
            statement.Analysis.Categories,
            view.Level);
    }

    /// <summary>RFC 4151 tag URIs: permanent ids that do not change if the public URL or the token does.</summary>
    private string TagUri(string specific) =>
        $"tag:{new Uri(options.Value.PublicBaseUrl).Host},2026:{specific}";

    private static readonly System.Text.Encodings.Web.HtmlEncoder Html = System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    private static string Encode(string value) => Html.Encode(value);
}
