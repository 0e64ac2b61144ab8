using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Alerts.Core.Officials;
using Microsoft.Extensions.Options;

namespace Alerts.Core.Sources;

/// <summary>
/// Reads a Bluesky account through the public AppView, no key: <c>GET /xrpc/app.bsky.feed.getAuthorFeed</c>
/// (<c>filter=posts_with_replies</c>). <see cref="SourceDefinition.Location"/> is a handle, a DID or a
/// <c>bsky.app/profile/…</c> URL. The feed only pages backwards, so the cursor kept between polls is the
/// newest <c>indexedAt</c> read (<c>SinceId</c>): posts at or before it are old, and the API <c>cursor</c> is
/// followed only while a whole page is new (at most <see cref="SocialOptions.MaxPages"/>). A poll that finds
/// nothing new is "not modified" and writes nothing. <c>RateLimit-Remaining: 0</c> stops paging and the source
/// waits until <c>RateLimit-Reset</c>; a 429 does the same. When the AppView is unreachable or failing (5xx),
/// the profile RSS (<c>bsky.app/profile/ACTOR/rss</c>: own top-level posts only) is read instead.
/// </summary>
public sealed partial class BlueskyReader(SourceFetcher fetcher, FeedParser feeds, IOptions<SocialOptions> social, TimeProvider time) : ISourceReader
{
    public SourceKind Kind => SourceKind.Bluesky;

    public static bool IsActor(string value) => SocialAccounts.IsBlueskyActor(value);

    /// <summary>The handle or DID of a location, or null.</summary>
    public static string? Actor(string location)
    {
        ArgumentNullException.ThrowIfNull(location);
        var trimmed = location.Trim().TrimStart('@');
        if (Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
            trimmed = segments is ["profile", var name, ..] ? Uri.UnescapeDataString(name) : "";
        }

        return IsActor(trimmed) ? trimmed : null;
    }

    public static Uri FeedUri(string appView, string actor, int limit, string? cursor) =>
        new($"{appView.TrimEnd('/')}/xrpc/app.bsky.feed.getAuthorFeed?actor={Uri.EscapeDataString(actor)}&limit={limit.ToString(CultureInfo.InvariantCulture)}&filter=posts_with_replies"
            + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));

    public async Task<SourceReadResult> ReadAsync(SourceDefinition source, SourceCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(checkpoint);
        var actor = Actor(source.Location);
        if (actor is null)
        {
            return SourceReadResult.Failed($"not a Bluesky handle, DID or bsky.app/profile URL: {source.Location}");
        }

        var settings = social.Value;
        DateTimeOffset? since = DateTimeOffset.TryParse(checkpoint.SinceId, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var s) ? s : null;
        var items = new List<FeedItem>();
        DateTimeOffset? newest = null;
        string? cursor = null;
        for (var page = 0; page < settings.MaxPages; page++)
        {
            var uri = FeedUri(settings.BlueskyAppViewUrl, actor, settings.PageSize, cursor);
            var (response, failure) = await fetcher.GetAsync(uri, "application/json", null, cancellationToken);
            if (response is null || response.Status >= 500)
            {
                var why = failure ?? $"HTTP {response!.Status}";
                return page == 0
                    ? await ReadProfileRssAsync(actor, $"AppView {why}", cancellationToken)
                    : Done(items, newest, since, null);
            }

            var reset = RateLimitReset(response);
            if (response.Status == 429)
            {
                return SourceReadResult.Failed($"Bluesky rate limit reached; retry after {reset?.ToString("u", CultureInfo.InvariantCulture) ?? "the window resets"}", Wait(reset) ?? SourceFetcher.RetryAfter(response, time.GetUtcNow()) ?? TimeSpan.FromMinutes(5));
            }

            if (!response.IsSuccess)
            {
                return SourceReadResult.Failed(ErrorReason(response, actor), response.Status is 400 or 401 or 403 or 404 ? TimeSpan.FromHours(1) : null);
            }

            BlueskyFeedPage parsed;
            try
            {
                parsed = BlueskyAuthorFeed.Parse(response.Body, actor, since);
            }
            catch (FeedFormatException ex)
            {
                return SourceReadResult.Failed(ex.Message);
            }

            items.AddRange(parsed.Items.Where(i => items.All(x => x.Id != i.Id)));
            newest = Max(newest, parsed.Newest);
            cursor = parsed.Cursor;
            var reachedOld = since is null || parsed.Oldest is null || parsed.Oldest <= since;
            if (reachedOld || cursor is null || parsed.Entries == 0)
            {
                break;
            }

            if (Remaining(response) == 0)
            {
                // Out of calls mid-way: keep the old cursor, so the next poll asks again from the top.
                return new SourceReadResult(SourceReadStatus.Ok, items, RetryAfter: Wait(reset));
            }
        }

        return Done(items, newest, since, null);
    }

    private static SourceReadResult Done(List<FeedItem> items, DateTimeOffset? newest, DateTimeOffset? since, TimeSpan? retryAfter)
    {
        if (items.Count == 0 && (newest is null || (since is not null && newest <= since)))
        {
            return SourceReadResult.NotModified(null, null);
        }

        var cursor = newest is { } n && (since is null || n > since) ? n.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) : null;
        return new SourceReadResult(SourceReadStatus.Ok, items, SinceId: cursor, RetryAfter: retryAfter);
    }

    /// <summary>The profile RSS, when the AppView cannot answer: same item ids (the post's AT URI), so nothing is read twice.</summary>
    private async Task<SourceReadResult> ReadProfileRssAsync(string actor, string appViewProblem, CancellationToken cancellationToken)
    {
        var uri = new Uri($"{social.Value.BlueskyWebUrl.TrimEnd('/')}/profile/{Uri.EscapeDataString(actor)}/rss");
        var (response, failure) = await fetcher.GetAsync(uri, "application/rss+xml, application/xml;q=0.9", null, cancellationToken);
        if (response is null || !response.IsSuccess)
        {
            var why = failure ?? (response!.Status == 403 ? "HTTP 403 (the account shows its posts to signed-in users only)" : $"HTTP {response.Status}");
            return SourceReadResult.Failed($"Bluesky {appViewProblem}; profile RSS fallback failed too: {why}");
        }

        try
        {
            var items = ProfileRssItems(feeds.Parse(response.Body, response.FinalUri), actor);
            return new SourceReadResult(SourceReadStatus.Ok, items);
        }
        catch (FeedFormatException ex)
        {
            return SourceReadResult.Failed($"Bluesky {appViewProblem}; profile RSS fallback unreadable: {ex.Message}");
        }
    }

    /// <summary>Profile RSS items carry the post's AT URI as guid; they become the same item ids as the API's.</summary>
    public static IReadOnlyList<FeedItem> ProfileRssItems(IReadOnlyList<FeedItem> rss, string actor)
    {
        ArgumentNullException.ThrowIfNull(rss);
        return rss.Where(i => !string.IsNullOrWhiteSpace(i.Text)).Select(i => i with
        {
            Id = "bsky:" + i.Id,
            AuthorAccounts = [SocialAccounts.Key(SocialAccounts.Bluesky, actor)],
        }).ToList();
    }

    private static string ErrorReason(FetchedResponse response, string actor)
    {
        string? error = null, message = null;
        try
        {
            using var document = JsonDocument.Parse(response.Body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                error = document.RootElement.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
                message = document.RootElement.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            }
        }
        catch (JsonException)
        {
            // Not the XRPC error shape: the status says enough.
        }

        var what = error switch
        {
            "AccountTakedown" => $"Bluesky account {actor} is suspended (taken down)",
            "AccountDeactivated" => $"Bluesky account {actor} is deactivated",
            "BlockedActor" or "BlockedByActor" => $"Bluesky account {actor} blocks this reader",
            _ when message?.Contains("not found", StringComparison.OrdinalIgnoreCase) == true => $"no Bluesky account {actor}",
            _ when response.Status is 401 or 403 => $"Bluesky account {actor} shows its posts to signed-in users only",
            _ => $"Bluesky AppView refused the request for {actor}",
        };
        return $"{what} (HTTP {response.Status}{(error is null ? "" : " " + error)}{(message is null ? "" : ": " + message)})";
    }

    private TimeSpan? Wait(DateTimeOffset? reset) => Sources.RateLimitReset.Wait(reset, time.GetUtcNow());

    private DateTimeOffset? RateLimitReset(FetchedResponse response) => Sources.RateLimitReset.Parse(response.Header("RateLimit-Reset"), time.GetUtcNow());

    private static int? Remaining(FetchedResponse response) =>
        int.TryParse(response.Header("RateLimit-Remaining"), NumberStyles.None, CultureInfo.InvariantCulture, out var remaining) ? remaining : null;

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
