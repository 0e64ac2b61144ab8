using System.Text;
using Alerts.Core.Storage;
using Microsoft.Extensions.Options;

namespace Alerts.Core.Sources;

/// <summary>
/// Reads a ministry's press-release listing that has no feed: the listing is fetched conditionally
/// (ETag / Last-Modified, and a hash of the body for servers that send neither), each link not followed
/// before is fetched once and read as an article (<see cref="ArticleTextFetcher"/>: Readability, the same
/// guarded client and caps), at most <see cref="SocialOptions.MaxArticlesPerPoll"/> per poll; the rest wait
/// for the next poll. The links already followed are the cursor (<c>SinceId</c>: the body hash, then short
/// hashes of the links), so an unchanged listing is "not modified" and writes nothing.
/// </summary>
public sealed class PressReleasePageReader(SourceFetcher fetcher, ArticleTextFetcher articles, IOptions<SocialOptions> social, TimeProvider time) : ISourceReader
{
    /// <summary>Link hashes remembered; a listing shows far fewer links than this.</summary>
    public const int MaxRemembered = 300;

    public SourceKind Kind => SourceKind.Page;

    public async Task<SourceReadResult> ReadAsync(SourceDefinition source, SourceCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (!Uri.TryCreate(source.Location, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return SourceReadResult.Failed($"not an http(s) URL: {source.Location}");
        }

        var (response, failure) = await fetcher.GetAsync(uri, "text/html,application/xhtml+xml", checkpoint, cancellationToken);
        if (response is null)
        {
            return SourceReadResult.Failed(failure!);
        }

        if (response.Status == 304)
        {
            return SourceReadResult.NotModified(checkpoint.ETag, checkpoint.LastModified);
        }

        if (!response.IsSuccess)
        {
            return SourceReadResult.Failed($"HTTP {response.Status} from {uri.Host}", response.Status is 404 or 410 ? TimeSpan.FromHours(1) : SourceFetcher.RetryAfter(response, time.GetUtcNow()));
        }

        if (response.MediaType is { } media && media is not ("text/html" or "application/xhtml+xml"))
        {
            return SourceReadResult.Failed($"not an HTML page ({media})");
        }

        var (bodyHash, followed) = ReadCursor(checkpoint.SinceId);
        var hash = TableKeys.Hash(Convert.ToBase64String(response.Body), 16);
        var etag = response.Header("ETag");
        var lastModified = response.Header("Last-Modified");
        if (hash == bodyHash)
        {
            return SourceReadResult.NotModified(etag ?? checkpoint.ETag, lastModified ?? checkpoint.LastModified);
        }

        IReadOnlyList<PressReleaseLink> links;
        try
        {
            links = PressReleaseListing.Links(Encoding.UTF8.GetString(response.Body), response.FinalUri, source.Selector);
        }
        catch (FeedFormatException ex)
        {
            return SourceReadResult.Failed(ex.Message);
        }

        var fresh = links.Where(l => !followed.Contains(LinkHash(l.Url))).Take(social.Value.MaxArticlesPerPoll).ToList();
        var items = new List<FeedItem>();
        foreach (var link in fresh)
        {
            // Followed once whatever comes back: a page that cannot be read is not fetched on every poll.
            followed.Add(LinkHash(link.Url));
            var text = await articles.FetchTextAsync(link.Url, cancellationToken);
            if (!string.IsNullOrWhiteSpace(text))
            {
                items.Add(new FeedItem("page:" + link.Url, link.Text.Length > 0 ? link.Text : null, link.Url, null, text));
            }
        }

        // Links still waiting keep the old body hash, so the next poll reads the listing again and follows them.
        var pending = links.Count(l => !followed.Contains(LinkHash(l.Url)));
        var cursor = WriteCursor(pending > 0 ? bodyHash : hash, followed, links);
        return new SourceReadResult(SourceReadStatus.Ok, items, etag, lastModified, cursor == checkpoint.SinceId ? null : cursor);
    }

    private static string LinkHash(string url) => TableKeys.Hash(url, 10);

    private static (string? BodyHash, HashSet<string> Followed) ReadCursor(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return (null, new HashSet<string>(StringComparer.Ordinal));
        }

        var parts = cursor.Split('|', 2);
        return (parts[0].Length > 0 ? parts[0] : null, new HashSet<string>(parts.Length > 1 ? parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries) : [], StringComparer.Ordinal));
    }

    /// <summary>The followed links still on the listing come first, so the cap drops links long gone from it.</summary>
    private static string WriteCursor(string? bodyHash, HashSet<string> followed, IReadOnlyList<PressReleaseLink> links)
    {
        var onPage = links.Select(l => LinkHash(l.Url)).Where(followed.Contains).ToList();
        var kept = onPage.Concat(followed.Except(onPage)).Take(MaxRemembered);
        return (bodyHash ?? "") + "|" + string.Join(',', kept);
    }
}
