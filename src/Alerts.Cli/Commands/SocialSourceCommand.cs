using System.Text;
using Alerts.Core.Sources;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Alerts.Cli.Commands;

/// <summary>
/// <c>feed --kind telegram|bluesky|mastodon|page</c>: a saved page or response body is parsed as that kind
/// (refused with the reason when it is not one); anything else is read live through the kind's reader, with
/// the same guarded client, caps and reasons as the poller.
/// </summary>
internal static class SocialSourceCommand
{
    public static async Task<SourceReadResult> ReadAsync(SourceKind kind, string location, string? selector, bool allowPrivate, CancellationToken cancellationToken)
    {
        if (File.Exists(location))
        {
            var bytes = await File.ReadAllBytesAsync(location, cancellationToken);
            try
            {
                return new SourceReadResult(SourceReadStatus.Ok, ParseSaved(kind, bytes, selector));
            }
            catch (FeedFormatException ex)
            {
                return SourceReadResult.Failed(ex.Message);
            }
        }

        var fetch = new FetchOptions { AllowPrivateAddresses = allowPrivate };
        using var client = new HttpClient(HttpFeedReader.CreateHandler(fetch));
        var fetcher = new SourceFetcher(client, Options.Create(fetch));
        var social = Options.Create(new SocialOptions());
        ISourceReader reader = kind switch
        {
            SourceKind.Telegram => new TelegramChannelReader(fetcher, social, TimeProvider.System),
            SourceKind.Bluesky => new BlueskyReader(fetcher, new FeedParser(), social, TimeProvider.System),
            SourceKind.Mastodon => new MastodonReader(fetcher, new FeedParser(), social, TimeProvider.System),
            _ => new PressReleasePageReader(fetcher, new ArticleTextFetcher(client, Options.Create(fetch), NullLogger<ArticleTextFetcher>.Instance), social, TimeProvider.System),
        };
        var source = new SourceDefinition("cli", "cli", kind, location, TimeSpan.FromMinutes(5), Selector: selector);
        return await reader.ReadAsync(source, SourceCheckpoint.Empty, cancellationToken);
    }

    /// <summary>A saved body of the kind; a page of links (kind page) lists the links found, as the listing cannot be followed offline.</summary>
    private static IReadOnlyList<FeedItem> ParseSaved(SourceKind kind, byte[] bytes, string? selector)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var isXml = text.TrimStart('\uFEFF', ' ', '\r', '\n', '\t').StartsWith("<?xml", StringComparison.Ordinal) || text.TrimStart().StartsWith("<rss", StringComparison.Ordinal);
        switch (kind)
        {
            case SourceKind.Telegram:
                return TelegramPreviewParser.ToItems(TelegramPreviewParser.Parse(text, new Uri("https://t.me/")));
            case SourceKind.Bluesky when isXml:
                return new FeedParser().Parse(bytes).Select(i => i with { Id = "bsky:" + i.Id }).ToList();
            case SourceKind.Bluesky:
                return BlueskyAuthorFeed.Parse(bytes, actor: null).Items;
            case SourceKind.Mastodon when isXml:
                return new FeedParser().Parse(bytes).Select(i => i with { Id = "masto:" + i.Id }).ToList();
            case SourceKind.Mastodon:
                return MastodonStatuses.Parse(bytes, "saved").Items;
            default:
                return PressReleaseListing.Links(text, new Uri("https://saved.invalid/"), selector)
                    .Select(l => new FeedItem("page:" + l.Url, l.Text, l.Url, null, l.Text))
                    .ToList();
        }
    }
}
