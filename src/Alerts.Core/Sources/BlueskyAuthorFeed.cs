using System.Globalization;
using System.Text.Json;
using Alerts.Core.Officials;

namespace Alerts.Core.Sources;

/// <summary>One page of <c>app.bsky.feed.getAuthorFeed</c> as the reader uses it.</summary>
public sealed record BlueskyFeedPage(IReadOnlyList<FeedItem> Items, string? Cursor, DateTimeOffset? Newest, DateTimeOffset? Oldest, int Reposts, int Entries);

/// <summary>
/// Reads a <c>getAuthorFeed</c> answer (lexicon <c>app.bsky.feed.defs#feedViewPost</c>). The official's own
/// posts, replies and quote posts are kept with their own text only (a quoted post is someone else's words);
/// reposts (<c>reasonRepost</c>) are skipped, because the words are another account's. Unknown embed and
/// reason types are ignored, as lexicon unions are open.
/// </summary>
public static class BlueskyAuthorFeed
{
    private const string RepostType = "app.bsky.feed.defs#reasonRepost";

    public static BlueskyFeedPage Parse(ReadOnlySpan<byte> json, string? actor, DateTimeOffset? since = null)
    {
        using var document = ParseDocument(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("feed", out var feed) || feed.ValueKind != JsonValueKind.Array)
        {
            throw new FeedFormatException("not an app.bsky.feed.getAuthorFeed answer: no feed array");
        }

        var items = new List<FeedItem>();
        DateTimeOffset? newest = null, oldest = null;
        var reposts = 0;
        var entries = 0;
        foreach (var entry in feed.EnumerateArray())
        {
            entries++;
            if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("post", out var post) || post.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            if (entry.TryGetProperty("reason", out var reason) && Str(reason, "$type") == RepostType)
            {
                reposts++;
                continue;
            }

            var author = Obj(post, "author");
            if (!IsBy(author, actor))
            {
                continue;
            }

            // Every post of the account moves the page's time span, also those at or before the cursor.
            var indexed = Date(Str(post, "indexedAt"));
            (newest, oldest) = Widen(newest, oldest, indexed);
            if (since is { } cutoff && indexed is { } seen && seen <= cutoff)
            {
                continue;
            }

            if (ToItem(entry, post, author, indexed) is { } item)
            {
                items.Add(item);
            }
        }

        var cursor = root.TryGetProperty("cursor", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        return new BlueskyFeedPage(items, cursor, newest, oldest, reposts, entries);
    }

    private static JsonDocument ParseDocument(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
            return JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException ex)
        {
            throw new FeedFormatException($"Bluesky AppView answered with invalid JSON: {ex.Message}", ex);
        }
    }

    /// <summary>Whether the post's author is the actor read (its DID, or its handle in any case); any author when no actor is given.</summary>
    private static bool IsBy(JsonElement author, string? actor) =>
        actor is null
        || string.Equals(Str(author, "did"), actor, StringComparison.Ordinal)
        || string.Equals(Str(author, "handle"), actor, StringComparison.OrdinalIgnoreCase);

    private static (DateTimeOffset? Newest, DateTimeOffset? Oldest) Widen(DateTimeOffset? newest, DateTimeOffset? oldest, DateTimeOffset? at) =>
        at is { } t
            ? (newest is { } n && n >= t ? n : t, oldest is { } o && o <= t ? o : t)
            : (newest, oldest);

    /// <summary>The post as a feed item with its own text only, or null without a URI or text.</summary>
    private static FeedItem? ToItem(JsonElement entry, JsonElement post, JsonElement author, DateTimeOffset? indexed)
    {
        var uri = Str(post, "uri");
        var record = Obj(post, "record");
        var text = Str(record, "text");
        if (uri is null || string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var did = Str(author, "did");
        var handle = Str(author, "handle");
        var rkey = uri[(uri.LastIndexOf('/') + 1)..];
        return new FeedItem(
            "bsky:" + uri,
            Context(entry, post),
            $"https://bsky.app/profile/{Uri.EscapeDataString(handle ?? did ?? "unknown")}/post/{Uri.EscapeDataString(rkey)}",
            Date(Str(record, "createdAt")) ?? indexed,
            text.Trim(),
            Str(author, "displayName") is { Length: > 0 } name ? name : handle,
            AuthorAccounts: AuthorAccounts(did, handle),
            Language: FirstLanguage(record));
    }

    private static List<string> AuthorAccounts(string? did, string? handle)
    {
        var accounts = new List<string>();
        if (did is not null)
        {
            accounts.Add(SocialAccounts.Key(SocialAccounts.Bluesky, did));
        }

        if (handle is not null)
        {
            accounts.Add(SocialAccounts.Key(SocialAccounts.Bluesky, handle));
        }

        return accounts;
    }

    private static string? FirstLanguage(JsonElement record) =>
        record.TryGetProperty("langs", out var l) && l.ValueKind == JsonValueKind.Array
            ? l.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString() : null).FirstOrDefault(x => x is not null)
            : null;

    /// <summary>"Reply to @x" or "Quoting @x": kept as the title, so a reader of the alert sees what the words answer.</summary>
    private static string? Context(JsonElement entry, JsonElement post)
    {
        var parentHandle = Str(Obj(Obj(Obj(entry, "reply"), "parent"), "author"), "handle");
        var embed = Obj(post, "embed");
        var quoted = Str(embed, "$type") switch
        {
            "app.bsky.embed.record#view" => Obj(embed, "record"),
            "app.bsky.embed.recordWithMedia#view" => Obj(Obj(embed, "record"), "record"),
            _ => default,
        };
        var quotedHandle = Str(quoted, "$type") == "app.bsky.embed.record#viewRecord" ? Str(Obj(quoted, "author"), "handle") : null;
        return (parentHandle, quotedHandle) switch
        {
            ({ } p, { } q) => $"Reply to @{p}, quoting @{q}",
            ({ } p, null) => $"Reply to @{p}",
            (null, { } q) => $"Quoting @{q}",
            _ => Obj(Obj(post, "record"), "reply").ValueKind == JsonValueKind.Object ? "Reply" : null,
        };
    }

    private static JsonElement Obj(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : default;

    private static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static DateTimeOffset? Date(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
}
