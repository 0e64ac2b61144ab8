using Alerts.Core.Officials;

namespace Alerts.Core.Statements;

/// <summary>
/// The ways the press refers to one official, folded for matching: name and aliases (always), and titles
/// from the role ("the defence minister"), which count only when the item names the official elsewhere or
/// puts the country right before the title ("Pakistan's defence minister", "Pakistani defence minister").
/// </summary>
public sealed class OfficialNames
{
    private readonly string[] _names;
    private readonly string[] _titles;
    private readonly string? _countryStem;
    private readonly HashSet<string> _words;

    private OfficialNames(string[] names, string[] titles, string? countryStem)
    {
        _names = names;
        _titles = titles;
        _countryStem = countryStem;
        _words = names.Concat(titles)
            .SelectMany(n => n.Split([' ', '.', '-'], StringSplitOptions.RemoveEmptyEntries))
            .Select(w => w.EndsWith("'s", StringComparison.Ordinal) ? w[..^2] : w)
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>True when the word (any case, possessive or not) is part of one of the official's names or titles.</summary>
    public bool HasWord(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var folded = TextFolding.Fold(word).TrimEnd('.', ',', ';', ':');
        return _words.Contains(folded.EndsWith("'s", StringComparison.Ordinal) ? folded[..^2] : folded);
    }

    public static OfficialNames For(Official official)
    {
        ArgumentNullException.ThrowIfNull(official);
        var names = official.Aliases.Prepend(official.Name)
            .Select(n => TextFolding.Fold(n.Trim()))
            .Where(n => n.Length >= 2)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(n => n.Length)
            .ToArray();
        var country = official.Country is { Length: >= 4 } c ? TextFolding.Fold(c)[..Math.Min(c.Length, 5)] : null;
        return new OfficialNames(names, Titles(official.Role), country);
    }

    /// <summary>True when the text names the official by name or alias, or by a title qualified with the country.</summary>
    public bool IsNamedIn(string foldedText) =>
        _names.Any(n => IndexOfWord(foldedText, n, 0) >= 0) || _titles.Any(t => QualifiedTitleIn(foldedText, t));

    /// <summary>True when the sentence refers to the official; bare titles count when the item named them elsewhere.</summary>
    public bool IsReferredToIn(string foldedSentence, bool namedElsewhere) =>
        IsNamedIn(foldedSentence) || (namedElsewhere && _titles.Any(t => IndexOfWord(foldedSentence, t, 0) >= 0));

    private bool QualifiedTitleIn(string text, string title)
    {
        if (_countryStem is null)
        {
            return false;
        }

        for (var index = IndexOfWord(text, title, 0); index >= 0; index = IndexOfWord(text, title, index + 1))
        {
            var before = text[Math.Max(0, index - 16)..index];
            if (before.Contains(_countryStem, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whole-word match; a possessive ("asif's") or punctuation may follow.</summary>
    public static int IndexOfWord(string text, string word, int from)
    {
        var index = from;
        while (index < text.Length && (index = text.IndexOf(word, index, StringComparison.Ordinal)) >= 0)
        {
            var before = index == 0 || !char.IsLetterOrDigit(text[index - 1]);
            var end = index + word.Length;
            var after = end >= text.Length || !char.IsLetterOrDigit(text[end]);
            if (before && after)
            {
                return index;
            }

            index = end;
        }

        return -1;
    }

    /// <summary>"Minister of Defence" gives "defence minister", "minister of defence" and the US spellings.</summary>
    private static string[] Titles(string? role)
    {
        if (string.IsNullOrWhiteSpace(role))
        {
            return [];
        }

        var folded = TextFolding.Fold(role.Trim());
        var titles = new List<string> { folded };
        const string of = "minister of ";
        if (folded.StartsWith(of, StringComparison.Ordinal))
        {
            var portfolio = folded[of.Length..].Replace("the ", "", StringComparison.Ordinal);
            titles.Add(portfolio + " minister");
            titles.Add(of + portfolio);
        }

        foreach (var title in titles.ToArray())
        {
            if (title.Contains("defence", StringComparison.Ordinal))
            {
                titles.Add(title.Replace("defence", "defense", StringComparison.Ordinal));
            }
        }

        return titles.Distinct(StringComparer.Ordinal).ToArray();
    }
}
