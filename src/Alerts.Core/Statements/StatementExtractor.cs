using Alerts.Core.Sources;

namespace Alerts.Core.Statements;

/// <summary>
/// Finds the watched officials an item names (by name or alias, whole words, any case) and hands the
/// item's text to the analyser with that official as speaker; attribution happens there.
/// </summary>
public sealed class StatementExtractor : IStatementExtractor
{
    /// <summary>Keeps the statements queue message well under its 64 KiB limit.</summary>
    public const int MaxTextChars = 20_000;

    public IReadOnlyList<ExtractedStatement> Extract(FeedItem item, IReadOnlyList<Official> officials)
    {
        var text = string.IsNullOrWhiteSpace(item.Title) ? item.Text : item.Title + "\n\n" + item.Text;
        if (text.Length > MaxTextChars)
        {
            text = text[..MaxTextChars];
        }

        var result = new List<ExtractedStatement>();
        foreach (var official in officials)
        {
            if (Mentions(text, official.Name) || official.Aliases.Any(alias => Mentions(text, alias)))
            {
                result.Add(new ExtractedStatement(official, text));
            }
        }

        return result;
    }

    private static bool Mentions(string text, string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return false;
        }

        var index = 0;
        while ((index = text.IndexOf(name, index, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            var before = index == 0 || !char.IsLetterOrDigit(text[index - 1]);
            var end = index + name.Length;
            var after = end >= text.Length || !char.IsLetterOrDigit(text[end]);
            if (before && after)
            {
                return true;
            }

            index = end;
        }

        return false;
    }
}
