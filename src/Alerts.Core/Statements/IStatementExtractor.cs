using Alerts.Core.Sources;

namespace Alerts.Core.Statements;

/// <summary>Finds, in one item, the watched officials it reports and the text attributed to each.</summary>
public interface IStatementExtractor
{
    IReadOnlyList<ExtractedStatement> Extract(FeedItem item, IReadOnlyList<Official> officials);
}

/// <summary>Text that the item attributes to <see cref="Official"/>, to be judged with that official as speaker.</summary>
public sealed record ExtractedStatement(Official Official, string Text);
