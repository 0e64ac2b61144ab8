using Alerts.Core.Officials;
using Alerts.Core.Sources;

namespace Alerts.Core.Statements;

/// <summary>
/// Which feed items are worth their article page: those naming a watched official, as statement extraction
/// matches names. Here rather than in <see cref="ArticleTextFetcher"/>, so that Sources need not import Statements.
/// </summary>
public static class ArticleEnrichment
{
    /// <summary>Gives items that name a watched official and carry only a summary the article's text instead.</summary>
    public static Task<IReadOnlyList<FeedItem>> EnrichAsync(this ArticleTextFetcher articles, IReadOnlyList<FeedItem> items, IReadOnlyList<Official> officials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(articles);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(officials);
        if (officials.Count == 0)
        {
            return Task.FromResult(items);
        }

        var names = officials.Select(OfficialNames.For).ToList();
        return articles.EnrichAsync(items, item => names.Any(n => n.IsNamedIn(TextFolding.Fold(item.Title + "\n" + item.Text))), cancellationToken);
    }
}
