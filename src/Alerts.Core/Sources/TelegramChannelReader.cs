using System.Globalization;
using System.Text;
using Alerts.Core.Officials;
using Microsoft.Extensions.Options;

namespace Alerts.Core.Sources;

/// <summary>
/// Reads a public Telegram channel through its web preview (<c>https://t.me/s/CHANNEL</c>, no key).
/// <see cref="SourceDefinition.Location"/> is the channel name (<c>mid_russia</c>, <c>@mid_russia</c>) or the
/// preview URL. The highest post id read is the cursor (<c>SinceId</c>): when more new posts than one page
/// holds have appeared since, older pages are fetched with <c>?before=</c> until the cursor is reached (at
/// most <see cref="SocialOptions.MaxPages"/>). The first poll reads one page.
/// </summary>
public sealed class TelegramChannelReader(SourceFetcher fetcher, IOptions<SocialOptions> social, TimeProvider time) : ISourceReader
{
    public SourceKind Kind => SourceKind.Telegram;

    /// <summary>The preview URL of a location, or null with the reason.</summary>
    public static (Uri? Preview, string? Channel, string? Error) Resolve(string location, string baseUrl)
    {
        ArgumentNullException.ThrowIfNull(location);
        var trimmed = location.Trim();
        string channel;
        Uri root;
        if (Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
            channel = segments is ["s", var name, ..] ? name : segments is [var only, ..] ? only : "";
            root = new Uri(uri.GetLeftPart(UriPartial.Authority));
        }
        else
        {
            channel = trimmed.TrimStart('@');
            root = new Uri(baseUrl.TrimEnd('/'));
        }

        return SocialAccounts.TelegramName().IsMatch(channel)
            ? (new Uri(root, "/s/" + channel), channel, null)
            : (null, null, $"not a Telegram channel name or t.me/s/ URL (5-32 letters, digits and _): {location}");
    }

    public async Task<SourceReadResult> ReadAsync(SourceDefinition source, SourceCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(checkpoint);
        var (preview, channel, error) = Resolve(source.Location, social.Value.TelegramBaseUrl);
        if (preview is null)
        {
            return SourceReadResult.Failed(error!);
        }

        long? sinceId = long.TryParse(checkpoint.SinceId, NumberStyles.None, CultureInfo.InvariantCulture, out var stored) ? stored : null;
        var items = new List<FeedItem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long? newest = null;
        long? before = null;
        for (var page = 0; page < social.Value.MaxPages; page++)
        {
            var (parsed, failed) = await ReadPageAsync(PageUri(preview, before), channel!, cancellationToken);
            if (failed is not null)
            {
                return failed;
            }

            items.AddRange(TelegramPreviewParser.ToItems(parsed!).Where(item => seen.Add(item.Id)));
            if (parsed!.Posts.Count == 0)
            {
                break;
            }

            newest = newest is { } n ? Math.Max(n, parsed.Posts.Max(p => p.Id)) : parsed.Posts.Max(p => p.Id);
            before = OlderPageBefore(parsed, sinceId, before);
            if (before is null)
            {
                break;
            }
        }

        // Unchanged cursor: hand back none, so a poll that finds nothing new writes nothing.
        var cursor = newest is { } top && (sinceId is null || top > sinceId) ? top.ToString(CultureInfo.InvariantCulture) : null;
        return new SourceReadResult(SourceReadStatus.Ok, items, SinceId: cursor);
    }

    private static Uri PageUri(Uri preview, long? before) =>
        before is { } b ? new Uri(preview + "?before=" + b.ToString(CultureInfo.InvariantCulture)) : preview;

    /// <summary>One preview page parsed, or the failed read a transport failure, a status or an unreadable page means.</summary>
    private async Task<(TelegramPage? Page, SourceReadResult? Failed)> ReadPageAsync(Uri uri, string channel, CancellationToken cancellationToken)
    {
        var (response, failure) = await fetcher.GetAsync(uri, "text/html,application/xhtml+xml", null, cancellationToken);
        if (response is null)
        {
            return (null, SourceReadResult.Failed(failure!));
        }

        if (Refusal(response, uri, channel) is { } refused)
        {
            return (null, refused);
        }

        try
        {
            return (TelegramPreviewParser.Parse(Encoding.UTF8.GetString(response.Body), response.FinalUri), null);
        }
        catch (FeedFormatException ex)
        {
            return (null, SourceReadResult.Failed(ex.Message));
        }
    }

    /// <summary>The failed read a rate limit, a missing channel or an error status means; null for a preview page to parse.</summary>
    private SourceReadResult? Refusal(FetchedResponse response, Uri uri, string channel)
    {
        if (response.Status == 429)
        {
            return SourceReadResult.Failed("Telegram rate limit reached (HTTP 429)", SourceFetcher.RetryAfter(response, time.GetUtcNow()) ?? TimeSpan.FromMinutes(15));
        }

        if (response.Status is 404 or 410)
        {
            return SourceReadResult.Failed($"no public Telegram channel @{channel} (HTTP {response.Status}): deleted, private or never existed");
        }

        if (!response.IsSuccess)
        {
            return SourceReadResult.Failed($"HTTP {response.Status} from {uri.Host}", SourceFetcher.RetryAfter(response, time.GetUtcNow()));
        }

        if (!response.FinalUri.AbsolutePath.StartsWith("/s/", StringComparison.Ordinal))
        {
            // t.me sends a name that has no public preview to its contact page.
            return SourceReadResult.Failed($"no public Telegram channel @{channel}: t.me redirected to {response.FinalUri.AbsolutePath} instead of a preview (a private or deleted channel, or a name that is no channel)");
        }

        return null;
    }

    /// <summary>
    /// The <c>?before=</c> of the next older page, or null to stop: on the first poll, once the cursor is reached,
    /// or when a page did not go back further than the one before it.
    /// </summary>
    private static long? OlderPageBefore(TelegramPage parsed, long? sinceId, long? before)
    {
        var min = parsed.Posts.Min(p => p.Id);
        return sinceId is null || min <= sinceId.Value + 1 || (before is { } previous && min >= previous) ? null : min;
    }
}
