using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alerts.Core.Sources;

/// <summary>
/// Reads an X account's posts through API v2 (<c>GET /2/users/:id/tweets</c>): only posts newer than the
/// stored <c>since_id</c>, retweets and replies excluded, pages followed through <c>meta.next_token</c>.
/// Rate limits are honoured: a 429, or an exhausted window mid-way, ends the poll and the source waits
/// until <c>x-rate-limit-reset</c>. Partial <c>errors</c> beside <c>data</c> are logged per item.
/// </summary>
public sealed partial class XUserReader(HttpClient client, IOptions<XOptions> options, IOptions<FetchOptions> fetch, TimeProvider time, ILogger<XUserReader> logger) : ISourceReader
{
    public const string HttpClientName = "x";

    /// <summary>The fields asked for; the reader needs no more to make a statement.</summary>
    public const string TweetFields = "created_at,lang,author_id,referenced_tweets";

    public SourceKind Kind => SourceKind.XUser;

    public async Task<SourceReadResult> ReadAsync(SourceDefinition source, SourceCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(checkpoint);
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.BearerToken))
        {
            return SourceReadResult.Failed("X:BearerToken is not set (app setting X__BearerToken)");
        }

        if (!UserId().IsMatch(source.Location))
        {
            return SourceReadResult.Failed($"not an X user id (1-19 digits): {source.Location}");
        }

        var sinceId = checkpoint.SinceId is { } stored && UserId().IsMatch(stored) ? stored : null;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(fetch.Value.TotalTimeoutSeconds * settings.MaxPages));
        try
        {
            return await ReadPagesAsync(source, settings, sinceId, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return SourceReadResult.Failed($"X API timed out after {fetch.Value.TotalTimeoutSeconds * settings.MaxPages} s");
        }
        catch (TimeoutException ex)
        {
            return SourceReadResult.Failed("X API " + HttpFeedReader.AttemptsTimedOut(ex, fetch.Value));
        }
        catch (HttpRequestException ex)
        {
            return SourceReadResult.Failed(ex.InnerException is { } inner ? $"{ex.Message} ({inner.Message})" : ex.Message);
        }
        catch (JsonException ex)
        {
            return SourceReadResult.Failed($"X API answered with unreadable JSON: {ex.Message}");
        }
        catch (InvalidDataException ex)
        {
            return SourceReadResult.Failed(ex.Message);
        }
    }

    /// <summary>Follows <c>meta.next_token</c> for at most <see cref="XOptions.MaxPages"/> pages, stopping early on a refusal or an exhausted window.</summary>
    private async Task<SourceReadResult> ReadPagesAsync(SourceDefinition source, XOptions settings, string? sinceId, CancellationToken cancellationToken)
    {
        var items = new List<FeedItem>();
        string? newestId = null;
        string? pageToken = null;
        for (var page = 0; page < settings.MaxPages; page++)
        {
            using var response = await SendPageRequestAsync(settings, source.Location, sinceId, pageToken, cancellationToken);
            var reset = RateLimitReset(response);
            if (await RefusalAsync(response, reset, cancellationToken) is { } refused)
            {
                return refused;
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var parsed = await ReadPageAsync(body, fetch.Value.MaxResponseBytes, cancellationToken);
            foreach (var problem in parsed.Problems)
            {
                logger.XPartialError(source.Id, problem);
            }

            newestId ??= parsed.NewestId;
            items.AddRange(ToFeedItems(parsed, source));

            pageToken = parsed.NextToken;
            if (pageToken is null)
            {
                break;
            }

            if (Remaining(response) == 0)
            {
                // Out of calls before the last page: keep the old since_id so the next poll asks again
                // (the poller drops the posts already seen).
                logger.XRateLimitExhausted(source.Id, page + 1);
                return new SourceReadResult(SourceReadStatus.Ok, items, RetryAfter: WaitUntil(reset));
            }
        }

        return new SourceReadResult(SourceReadStatus.Ok, items, SinceId: newestId);
    }

    private async Task<HttpResponseMessage> SendPageRequestAsync(XOptions settings, string userId, string? sinceId, string? pageToken, CancellationToken cancellationToken)
    {
        var startTime = sinceId is null ? time.GetUtcNow() - settings.FirstPollLookback : (DateTimeOffset?)null;
        using var request = new HttpRequestMessage(HttpMethod.Get, BuildUri(settings, userId, sinceId, pageToken, startTime));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.BearerToken);
        request.Headers.UserAgent.ParseAdd(fetch.Value.UserAgent);
        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    /// <summary>The failed read a rate limit or an error status means; null for a page to read.</summary>
    private async Task<SourceReadResult?> RefusalAsync(HttpResponseMessage response, DateTimeOffset? reset, CancellationToken cancellationToken)
    {
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            return SourceReadResult.Failed($"X rate limit reached; retry after {reset?.ToString("u", CultureInfo.InvariantCulture) ?? "the window resets"}", WaitUntil(reset) ?? TimeSpan.FromMinutes(15));
        }

        if (!response.IsSuccessStatusCode)
        {
            var reason = await ErrorReasonAsync(response, cancellationToken);
            return SourceReadResult.Failed($"X API HTTP {(int)response.StatusCode}: {reason}", response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden ? TimeSpan.FromHours(1) : null);
        }

        return null;
    }

    private static IEnumerable<FeedItem> ToFeedItems(XPage parsed, SourceDefinition source) => parsed.Posts.Select(p => new FeedItem(
        "x:" + p.Id,
        null,
        $"https://x.com/i/web/status/{p.Id}",
        p.CreatedAt,
        p.Text,
        parsed.Username,
        // The timeline asked for is the official's own (retweets and replies excluded), so the
        // account is the author; a differing author_id in the body must not orphan the post.
        source.Location));

    internal static Uri BuildUri(XOptions settings, string userId, string? sinceId, string? pageToken, DateTimeOffset? startTime)
    {
        var query = new List<string>
        {
            "max_results=" + settings.MaxResults.ToString(CultureInfo.InvariantCulture),
            "tweet.fields=" + Uri.EscapeDataString(TweetFields),
            "exclude=" + Uri.EscapeDataString("retweets,replies"),
        };
        if (sinceId is not null)
        {
            query.Add("since_id=" + sinceId);
        }

        if (pageToken is not null)
        {
            query.Add("pagination_token=" + Uri.EscapeDataString(pageToken));
        }

        if (startTime is { } start)
        {
            // RFC 3339 in UTC, whole seconds, as the API documents it.
            query.Add("start_time=" + Uri.EscapeDataString(start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)));
        }

        return new Uri($"{settings.BaseUrl.TrimEnd('/')}/2/users/{userId}/tweets?{string.Join('&', query)}");
    }

    private TimeSpan? WaitUntil(DateTimeOffset? reset) => Sources.RateLimitReset.Wait(reset, time.GetUtcNow());

    private DateTimeOffset? RateLimitReset(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-rate-limit-reset", out var values) ? Sources.RateLimitReset.Parse(values.FirstOrDefault(), time.GetUtcNow()) : null;

    private static int? Remaining(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-rate-limit-remaining", out var values)
        && int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var remaining)
            ? remaining
            : null;

    private static async Task<string> ErrorReasonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var document = await JsonDocument.ParseAsync(new CappedStream(body, 64_000), cancellationToken: cancellationToken);
            var root = document.RootElement;
            if (root.TryGetProperty("title", out var title))
            {
                return root.TryGetProperty("detail", out var detail) ? $"{title.GetString()}: {detail.GetString()}" : title.GetString() ?? "";
            }

            if (root.TryGetProperty("message", out var message))
            {
                return message.GetString() ?? "";
            }
        }
        catch (Exception ex) when (ex is JsonException or IOException or InvalidDataException or InvalidOperationException)
        {
            // Fall back to the status line.
        }

        return response.ReasonPhrase ?? "error";
    }

    private static async Task<XPage> ReadPageAsync(Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        using var document = await JsonDocument.ParseAsync(new CappedStream(body, maxBytes), cancellationToken: cancellationToken);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException("X API answered with JSON that is not an object");
        }

        var posts = new List<XPost>();
        if (root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array)
        {
            foreach (var post in data.EnumerateArray())
            {
                var id = Str(post, "id");
                var text = Str(post, "text");
                if (id is null || string.IsNullOrWhiteSpace(text))
                {
                    continue;
                }

                DateTimeOffset? created = DateTimeOffset.TryParse(Str(post, "created_at"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
                var author = Str(post, "author_id");
                posts.Add(new XPost(id, WebUtility.HtmlDecode(text), created, author));
            }
        }

        var problems = new List<string>();
        if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
        {
            foreach (var error in errors.EnumerateArray())
            {
                problems.Add(Str(error, "detail") ?? error.GetRawText());
            }
        }

        string? username = null;
        if (root.TryGetProperty("includes", out var includes) && includes.TryGetProperty("users", out var users) && users.ValueKind == JsonValueKind.Array)
        {
            username = users.EnumerateArray().Select(u => Str(u, "username")).FirstOrDefault(n => n is not null);
        }

        string? newest = null, next = null;
        if (root.TryGetProperty("meta", out var meta))
        {
            newest = Str(meta, "newest_id");
            next = Str(meta, "next_token");
        }

        return new XPage(posts, problems, username, newest, next);
    }

    /// <summary>A string member, or null when it is absent or of another type (a malformed answer never throws).</summary>
    private static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    [GeneratedRegex("^[0-9]{1,19}$", RegexOptions.CultureInvariant)]
    private static partial Regex UserId();

    private sealed record XPost(string Id, string Text, DateTimeOffset? CreatedAt, string? AuthorId);

    private sealed record XPage(List<XPost> Posts, List<string> Problems, string? Username, string? NewestId, string? NextToken);
}
