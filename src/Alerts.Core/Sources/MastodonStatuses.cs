using System.Globalization;
using System.Text.Json;
using Alerts.Core.Officials;

namespace Alerts.Core.Sources;

/// <summary>One page of <c>GET /api/v1/accounts/:id/statuses</c> as the reader uses it.</summary>
public sealed record MastodonPage(IReadOnlyList<FeedItem> Items, string? NewestId, string? OldestId, int Statuses, int Reblogs);

/// <summary>
/// Reads a Mastodon Status array (Mastodon, Truth Social and other servers with its API). <c>content</c> is
/// HTML and becomes plain text; a content warning (<c>spoiler_text</c>) is kept in front of it. Reblogs are
/// skipped, because the words are another account's; replies and quotes keep their own words.
/// </summary>
public static class MastodonStatuses
{
    public static MastodonPage Parse(ReadOnlySpan<byte> json, string host)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException ex)
        {
            throw new FeedFormatException($"Mastodon API answered with invalid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
            {
                throw new FeedFormatException("not a Mastodon statuses answer: the body is not a JSON array of statuses");
            }

            var items = new List<FeedItem>();
            string? newest = null, oldest = null;
            var count = 0;
            var reblogs = 0;
            foreach (var status in root.EnumerateArray())
            {
                var id = Str(status, "id");
                if (id is null || !id.All(char.IsAsciiDigit))
                {
                    continue;
                }

                count++;
                newest = newest is null || IdCompare(id, newest) > 0 ? id : newest;
                oldest = oldest is null || IdCompare(id, oldest) < 0 ? id : oldest;
                if (status.TryGetProperty("reblog", out var reblog) && reblog.ValueKind == JsonValueKind.Object)
                {
                    reblogs++;
                    continue;
                }

                if (Str(status, "visibility") is "direct" or "private")
                {
                    continue;
                }

                var text = HtmlText.ToPlainText(Str(status, "content"));
                var warning = Str(status, "spoiler_text");
                if (!string.IsNullOrWhiteSpace(warning))
                {
                    text = warning.Trim() + "\n" + text;
                }

                if (string.IsNullOrWhiteSpace(text))
                {
                    continue;
                }

                var account = status.TryGetProperty("account", out var a) && a.ValueKind == JsonValueKind.Object ? a : default;
                var acct = Str(account, "acct");
                var link = Str(status, "url") ?? Str(status, "uri");
                items.Add(new FeedItem(
                    "masto:" + (link ?? $"{host}/{id}"),
                    null,
                    link is not null && Uri.TryCreate(link, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" ? link : null,
                    DateTimeOffset.TryParse(Str(status, "created_at"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null,
                    text,
                    Str(account, "display_name") is { Length: > 0 } name ? name : acct,
                    AuthorAccounts: acct is null ? null : [SocialAccounts.Key(SocialAccounts.Mastodon, acct.Contains('@', StringComparison.Ordinal) ? acct : acct + "@" + host)],
                    Language: Str(status, "language")));
            }

            return new MastodonPage(items, newest, oldest, count, reblogs);
        }
    }

    /// <summary>Status ids are decimal strings of growing length (snowflakes): longer is newer, then ordinal.</summary>
    public static int IdCompare(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return a.Length != b.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(a, b);
    }

    private static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
