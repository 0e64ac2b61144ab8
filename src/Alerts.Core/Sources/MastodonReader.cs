using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Alerts.Core.Officials;
using Microsoft.Extensions.Options;

namespace Alerts.Core.Sources;

/// <summary>
/// Reads an account on a Mastodon-compatible server (Mastodon, Truth Social, …), no key:
/// <c>GET /api/v1/accounts/:id/statuses?exclude_reblogs=true&amp;since_id=…</c>, older pages through the
/// <c>Link: rel="next"</c> header's <c>max_id</c> while a whole page is new. <see cref="SourceDefinition.Location"/>
/// is the profile URL (<c>https://HOST/@USER</c>), <c>USER@HOST</c>, or <c>https://HOST/api/v1/accounts/ID</c>.
/// The account id (looked up once through <c>/api/v1/accounts/lookup</c>) and the newest status id are the
/// cursor (<c>SinceId</c> = <c>ACCOUNT:STATUS</c>). A server that refuses anonymous API calls (401/403) is
/// read through the account RSS (<c>https://HOST/@USER.rss</c>). <c>X-RateLimit-Remaining: 0</c> stops paging;
/// a 429 waits until <c>X-RateLimit-Reset</c>.
/// </summary>
public sealed partial class MastodonReader(SourceFetcher fetcher, FeedParser feeds, IOptions<SocialOptions> social, TimeProvider time) : ISourceReader
{
    public SourceKind Kind => SourceKind.Mastodon;

    /// <summary>The server root, the user name (null for the id form) and the account id (null unless given).</summary>
    public static (Uri? Root, string? User, string? AccountId) Parse(string location)
    {
        ArgumentNullException.ThrowIfNull(location);
        var trimmed = location.Trim().TrimStart('@');
        if (AccountForm().Match(trimmed) is { Success: true } account)
        {
            return (new Uri("https://" + account.Groups["host"].Value), account.Groups["user"].Value, null);
        }

        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return (null, null, null);
        }

        var root = new Uri(uri.GetLeftPart(UriPartial.Authority));
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments switch
        {
            ["api", "v1", "accounts", var id, ..] when id.All(char.IsAsciiDigit) && id.Length is > 0 and <= 30 => (root, null, id),
            [var at] when at.StartsWith('@') && UserName().IsMatch(at[1..]) => (root, at[1..], null),
            ["users", var user] when UserName().IsMatch(user) => (root, user, null),
            _ => (null, null, null),
        };
    }

    public async Task<SourceReadResult> ReadAsync(SourceDefinition source, SourceCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(checkpoint);
        var (root, user, givenId) = Parse(source.Location);
        if (root is null)
        {
            return SourceReadResult.Failed($"not a Mastodon account (https://HOST/@USER, USER@HOST or https://HOST/api/v1/accounts/ID): {source.Location}");
        }

        var stored = checkpoint.SinceId?.Split(':', 2);
        var since = stored is [_, var s] && s.Length > 0 && s.All(char.IsAsciiDigit) ? s : null;
        var (accountId, settled) = await AccountIdAsync(root, user, givenId, stored, cancellationToken);
        if (settled is not null)
        {
            return settled;
        }

        var (items, newest, stopped) = await ReadStatusPagesAsync(root, user, accountId!, since, cancellationToken);
        return stopped ?? Settled(items, accountId!, givenId, since, newest, checkpoint);
    }

    /// <summary>
    /// The account id: given in the location, kept in the cursor, or looked up once. Instead of an id, the read a
    /// failed lookup means, or the account RSS when the server refuses anonymous API calls.
    /// </summary>
    private async Task<(string? AccountId, SourceReadResult? Settled)> AccountIdAsync(Uri root, string? user, string? givenId, string[]? stored, CancellationToken cancellationToken)
    {
        var accountId = givenId ?? (stored is [var a, _] && a.Length > 0 && a.All(char.IsAsciiDigit) ? a : null);
        if (accountId is not null)
        {
            return (accountId, null);
        }

        var lookup = await LookupAsync(root, user!, cancellationToken);
        if (lookup.Fallback)
        {
            return (null, await ReadAccountRssAsync(root, user!, lookup.Error!, cancellationToken));
        }

        return lookup.Error is not null ? (null, SourceReadResult.Failed(lookup.Error, lookup.RetryAfter)) : (lookup.Id!, null);
    }

    /// <summary>
    /// The statuses newer than the cursor, newest page first, following <c>max_id</c> while whole pages are new.
    /// <c>Stopped</c> is the read to hand back at once: a refusal, an unreadable page, or an exhausted rate limit.
    /// </summary>
    private async Task<(List<FeedItem> Items, string? Newest, SourceReadResult? Stopped)> ReadStatusPagesAsync(Uri root, string? user, string accountId, string? since, CancellationToken cancellationToken)
    {
        var settings = social.Value;
        var items = new List<FeedItem>();
        string? newest = null;
        string? maxId = null;
        for (var page = 0; page < settings.MaxPages; page++)
        {
            var uri = StatusesUri(root, accountId, settings.PageSize, since, maxId);
            var (response, failure) = await fetcher.GetAsync(uri, "application/json", null, cancellationToken);
            if (response is null)
            {
                return (items, newest, SourceReadResult.Failed($"Mastodon API at {root.Host}: {failure}"));
            }

            if (await RefusalAsync(response, root, user, accountId, page, cancellationToken) is { } refused)
            {
                return (items, newest, refused);
            }

            MastodonPage parsed;
            try
            {
                parsed = MastodonStatuses.Parse(response.Body, root.Host);
            }
            catch (FeedFormatException ex)
            {
                return (items, newest, SourceReadResult.Failed(ex.Message));
            }

            items.AddRange(parsed.Items.Where(i => items.All(x => x.Id != i.Id)));
            if (parsed.NewestId is { } top && (newest is null || MastodonStatuses.IdCompare(top, newest) > 0))
            {
                newest = top;
            }

            // Follow the next page only while this one was full and there is a cursor to reach.
            var next = NextMaxId(response.Header("Link"));
            if (since is null || parsed.Statuses < settings.PageSize || next is null || (maxId is not null && MastodonStatuses.IdCompare(next, maxId) >= 0))
            {
                break;
            }

            if (int.TryParse(response.Header("X-RateLimit-Remaining"), NumberStyles.None, CultureInfo.InvariantCulture, out var remaining) && remaining == 0)
            {
                return (items, newest, new SourceReadResult(SourceReadStatus.Ok, items, RetryAfter: Wait(RateLimitReset(response))));
            }

            maxId = next;
        }

        return (items, newest, null);
    }

    /// <summary>
    /// The failed read a rate limit or an error status means, or the account's RSS when the API refuses its
    /// first page; null for a page to read.
    /// </summary>
    private async Task<SourceReadResult?> RefusalAsync(FetchedResponse response, Uri root, string? user, string accountId, int page, CancellationToken cancellationToken)
    {
        if (response.Status == 429)
        {
            var reset = RateLimitReset(response);
            return SourceReadResult.Failed($"Mastodon rate limit reached at {root.Host}; retry after {reset?.ToString("u", CultureInfo.InvariantCulture) ?? "the window resets"}", Wait(reset) ?? SourceFetcher.RetryAfter(response, time.GetUtcNow()) ?? TimeSpan.FromMinutes(5));
        }

        if (response.Status is 401 or 403 && user is not null && page == 0)
        {
            return await ReadAccountRssAsync(root, user, $"API HTTP {response.Status}", cancellationToken);
        }

        if (!response.IsSuccess)
        {
            return SourceReadResult.Failed(AccountProblem(response, root, user ?? accountId), response.Status is 404 or 410 or 401 or 403 ? TimeSpan.FromHours(1) : SourceFetcher.RetryAfter(response, time.GetUtcNow()));
        }

        return null;
    }

    /// <summary>
    /// The read's answer: not modified when nothing new came and nothing was learned; else the items, with the
    /// <c>account:newest</c> cursor when the cursor moved or the account id was looked up for the first time.
    /// </summary>
    private static SourceReadResult Settled(List<FeedItem> items, string accountId, string? givenId, string? since, string? newest, SourceCheckpoint checkpoint)
    {
        var cursorChanged = newest is not null && (since is null || MastodonStatuses.IdCompare(newest, since) > 0);
        var accountLearned = givenId is null && !(checkpoint.SinceId?.StartsWith(accountId + ":", StringComparison.Ordinal) ?? false);
        if (items.Count == 0 && !cursorChanged && !accountLearned)
        {
            return SourceReadResult.NotModified(null, null);
        }

        return new SourceReadResult(SourceReadStatus.Ok, items, SinceId: cursorChanged || accountLearned ? $"{accountId}:{(cursorChanged ? newest : since)}" : null);
    }

    public static Uri StatusesUri(Uri root, string accountId, int limit, string? sinceId, string? maxId)
    {
        ArgumentNullException.ThrowIfNull(root);
        var query = $"limit={limit.ToString(CultureInfo.InvariantCulture)}&exclude_reblogs=true";
        if (sinceId is not null)
        {
            query += "&since_id=" + sinceId;
        }

        if (maxId is not null)
        {
            query += "&max_id=" + maxId;
        }

        return new Uri(root, $"/api/v1/accounts/{accountId}/statuses?{query}");
    }

    /// <summary>The <c>max_id</c> of the <c>rel="next"</c> link (RFC 8288), or null.</summary>
    public static string? NextMaxId(string? link)
    {
        if (link is null)
        {
            return null;
        }

        foreach (Match part in LinkPart().Matches(link))
        {
            if (part.Groups["rel"].Value.Split(' ').Contains("next", StringComparer.OrdinalIgnoreCase)
                && Uri.TryCreate(part.Groups["url"].Value, UriKind.Absolute, out var next)
                && MaxIdParam().Match(next.Query) is { Success: true } max)
            {
                return max.Groups[1].Value;
            }
        }

        return null;
    }

    private async Task<(string? Id, string? Error, bool Fallback, TimeSpan? RetryAfter)> LookupAsync(Uri root, string user, CancellationToken cancellationToken)
    {
        var uri = new Uri(root, "/api/v1/accounts/lookup?acct=" + Uri.EscapeDataString(user));
        var (response, failure) = await fetcher.GetAsync(uri, "application/json", null, cancellationToken);
        if (response is null)
        {
            return (null, $"Mastodon API at {root.Host}: {failure}", false, null);
        }

        if (response.Status is 401 or 403)
        {
            return (null, $"API HTTP {response.Status}", true, null);
        }

        if (response.Status == 429)
        {
            return (null, $"Mastodon rate limit reached at {root.Host}", false, Wait(RateLimitReset(response)) ?? TimeSpan.FromMinutes(5));
        }

        if (!response.IsSuccess)
        {
            return (null, AccountProblem(response, root, user), false, response.Status is 404 or 410 ? TimeSpan.FromHours(1) : null);
        }

        try
        {
            using var document = JsonDocument.Parse(response.Body);
            var account = document.RootElement;
            if (account.ValueKind != JsonValueKind.Object || !account.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String || !id.GetString()!.All(char.IsAsciiDigit))
            {
                return (null, $"not a Mastodon account answer from {root.Host} for @{user}", false, null);
            }

            if (account.TryGetProperty("suspended", out var suspended) && suspended.ValueKind == JsonValueKind.True)
            {
                return (null, $"Mastodon account @{user}@{root.Host} is suspended", false, TimeSpan.FromHours(1));
            }

            return (id.GetString(), null, false, null);
        }
        catch (JsonException ex)
        {
            return (null, $"Mastodon API answered with invalid JSON: {ex.Message}", false, null);
        }
    }

    private async Task<SourceReadResult> ReadAccountRssAsync(Uri root, string user, string apiProblem, CancellationToken cancellationToken)
    {
        var uri = new Uri(root, $"/@{user}.rss");
        var (response, failure) = await fetcher.GetAsync(uri, "application/rss+xml, application/xml;q=0.9", null, cancellationToken);
        if (response is null || !response.IsSuccess)
        {
            return SourceReadResult.Failed($"Mastodon {apiProblem} at {root.Host}; account RSS fallback failed too: {failure ?? "HTTP " + response!.Status}");
        }

        try
        {
            var account = SocialAccounts.Key(SocialAccounts.Mastodon, $"{user}@{root.Host}");
            var items = feeds.Parse(response.Body, response.FinalUri)
                .Where(i => !string.IsNullOrWhiteSpace(i.Text))
                .Select(i => i with { Id = "masto:" + i.Id, AuthorAccounts = [account] })
                .ToList();
            return new SourceReadResult(SourceReadStatus.Ok, items);
        }
        catch (FeedFormatException ex)
        {
            return SourceReadResult.Failed($"Mastodon {apiProblem} at {root.Host}; account RSS fallback unreadable: {ex.Message}");
        }
    }

    private static string AccountProblem(FetchedResponse response, Uri root, string who)
    {
        string? error = null;
        try
        {
            using var document = JsonDocument.Parse(response.Body);
            error = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
        }
        catch (JsonException)
        {
            // Not Mastodon's error shape.
        }

        var what = response.Status switch
        {
            404 => $"no Mastodon account {who} at {root.Host} (deleted or never existed)",
            410 => $"Mastodon account {who} at {root.Host} is gone (suspended or deleted)",
            401 or 403 => $"Mastodon account {who} at {root.Host} is not public",
            _ => $"Mastodon API at {root.Host} refused the request for {who}",
        };
        return $"{what} (HTTP {response.Status}{(error is null ? "" : ": " + error)})";
    }

    private TimeSpan? Wait(DateTimeOffset? reset) => Sources.RateLimitReset.Wait(reset, time.GetUtcNow());

    /// <summary>Mastodon sends the reset as an ISO 8601 time (<c>2026-08-01T13:55:00.212100Z</c>).</summary>
    private DateTimeOffset? RateLimitReset(FetchedResponse response) => Sources.RateLimitReset.Parse(response.Header("X-RateLimit-Reset"), time.GetUtcNow());

    [GeneratedRegex(@"^(?<user>[A-Za-z0-9_.\-]{1,64})@(?<host>[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+)$", RegexOptions.CultureInvariant)]
    private static partial Regex AccountForm();

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex UserName();

    [GeneratedRegex(@"<(?<url>[^>]*)>\s*;\s*rel=""?(?<rel>[^"";,]*)""?", RegexOptions.CultureInvariant)]
    private static partial Regex LinkPart();

    [GeneratedRegex(@"[?&]max_id=([0-9]+)", RegexOptions.CultureInvariant)]
    private static partial Regex MaxIdParam();
}
