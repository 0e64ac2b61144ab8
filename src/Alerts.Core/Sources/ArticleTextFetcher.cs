using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alerts.Core.Sources;

/// <summary>
/// Many feeds carry a one-line summary; what the official said is on the article page. For items that
/// name a watched official and carry only a summary, this fetches the page through the same guarded
/// handler as feeds (SSRF checks on every hop, size and time caps) and takes the main text with
/// SmartReader (a port of Mozilla Readability), not with patterns over HTML.
/// </summary>
public sealed class ArticleTextFetcher(HttpClient client, IOptions<FetchOptions> options, ILogger<ArticleTextFetcher> logger)
{
    public const string HttpClientName = "articles";

    /// <summary>A feed text shorter than this is a summary, not the article.</summary>
    public const int SummaryMaxChars = 600;

    public const int MaxArticleBytes = 2_000_000;

    /// <summary>Pages fetched per poll at most: a feed of 100 summaries must not become 100 page loads at once.</summary>
    public const int MaxFetchesPerPoll = 10;

    private static readonly TimeSpan MaxTime = TimeSpan.FromSeconds(10);

    /// <summary>All article fetches of one poll together.</summary>
    public static readonly TimeSpan TotalBudget = TimeSpan.FromSeconds(30);

    /// <summary>
    /// As much article text as statement extraction reads (<c>StatementExtractor.MaxTextChars</c>, a layer up, which
    /// tells which items are worth a page: <c>ArticleEnrichment</c>); beyond it a page's text is cut.
    /// </summary>
    public const int MaxTextChars = 20_000;

    /// <summary>
    /// Gives the items that carry only a summary and that <paramref name="isWanted"/> picks (those naming a watched
    /// official) the article's text instead.
    /// </summary>
    public async Task<IReadOnlyList<FeedItem>> EnrichAsync(IReadOnlyList<FeedItem> items, Func<FeedItem, bool> isWanted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(isWanted);
        var wanted = items
            .Select((item, index) => (item, index))
            .Where(x => x.item.Text.Length < SummaryMaxChars && x.item.Link is not null && isWanted(x.item))
            .Take(MaxFetchesPerPoll)
            .ToList();
        if (wanted.Count == 0)
        {
            return items;
        }

        // A few pages at a time, and one budget for all of them, so slow sites cannot hold a poll for minutes.
        var texts = new string?[items.Count];
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(TotalBudget);
        try
        {
            await Parallel.ForEachAsync(wanted, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = budget.Token }, async (x, ct) =>
            {
                texts[x.index] = await FetchTextAsync(x.item.Link!, ct);
            });
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            logger.ArticleBudgetSpent(TotalBudget);
        }

        return items.Select((item, index) => texts[index] is { } text && text.Length > item.Text.Length ? item with { Text = text } : item).ToList();
    }

    /// <summary>The main text of the page, or null when it cannot be fetched or read (logged, never thrown).</summary>
    public async Task<string?> FetchTextAsync(string url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return null;
        }

        var settings = options.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.TimeoutSeconds) < MaxTime ? TimeSpan.FromSeconds(settings.TimeoutSeconds) : MaxTime);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.UserAgent.ParseAdd(settings.UserAgent);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (!response.IsSuccessStatusCode || mediaType is not ("text/html" or "application/xhtml+xml"))
            {
                logger.ArticleRefused(url, (int)response.StatusCode, mediaType);
                return null;
            }

            var limit = Math.Min(MaxArticleBytes, settings.MaxResponseBytes);
            await using var body = new CappedStream(await response.Content.ReadAsStreamAsync(timeout.Token), limit);
            using var buffer = new MemoryStream();
            await body.CopyToAsync(buffer, timeout.Token);
            var html = Decode(buffer.ToArray(), response.Content.Headers.ContentType?.CharSet);
            // Parsed here, with the depth limit and the fetch's time budget, and only then given to Readability,
            // whose walks are recursive. The constructor taking a document never downloads; the static
            // ParseArticle(uri, string) would fetch the page itself, around the SSRF guard.
            using var document = HtmlText.ParseDocument(html, timeout.Token);
            using var reader = new SmartReader.Reader((response.RequestMessage?.RequestUri ?? uri).AbsoluteUri, document);
            var article = reader.GetArticle();
            if (!article.IsReadable || string.IsNullOrWhiteSpace(article.TextContent))
            {
                logger.ArticleUnreadable(url);
                return null;
            }

            // Readability keeps the paragraphs' markup in Content; the paragraph breaks matter for sentence splitting.
            var text = HtmlText.ToPlainTextWithin(article.Content, timeout.Token);
            return text.Length > MaxTextChars ? text[..MaxTextChars] : text;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or InvalidDataException or MarkupLimitException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            logger.ArticleFetchFailed(url, ex.Message);
            return null;
        }
    }

    private static string Decode(byte[] bytes, string? charset)
    {
        if (charset is not null)
        {
            try
            {
                return Encoding.GetEncoding(charset.Trim('"')).GetString(bytes);
            }
            catch (ArgumentException)
            {
                // Unknown charset name: fall through to UTF-8, what nearly every news page uses.
            }
        }

        return Encoding.UTF8.GetString(bytes);
    }
}
