using Alerts.Core.Officials;
using Alerts.Core.Sources;

namespace Alerts.Core.Statements;

/// <summary>Finds, in one item, the watched officials it reports and the text attributed to each.</summary>
public interface IStatementExtractor
{
    IReadOnlyList<ExtractedStatement> Extract(FeedItem item, IReadOnlyList<Official> officials);
}

/// <summary>
/// Text that the item attributes to <see cref="Official"/>, to be judged with that official as speaker.
/// <see cref="Quotes"/> are the official's own words quoted directly (what outlets repeat verbatim, so
/// what identifies the statement across outlets); <see cref="SaidAt"/> is when they were said, as far as
/// the item tells.
/// </summary>
public sealed record ExtractedStatement(Official Official, string Text, IReadOnlyList<string>? Quotes = null, DateTimeOffset? SaidAt = null);
