namespace Alerts.Core.Statements;

/// <summary>
/// Splits prose into sentences without breaking inside a quotation ("so be it," he said) or after
/// common abbreviations and initials ("Khawaja M. Asif", "Mr. Sharif", "U.S. officials").
/// </summary>
public static class SentenceSplitter
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "capt", "sgt", "adm", "gov", "sen", "rep", "pres",
        "st", "jr", "sr", "no", "vs", "etc", "prof", "hon", "rev", "u.s", "u.k", "u.n", "e.g", "i.e", "approx", "dept",
    };

    public static IReadOnlyList<Sentence> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new List<Sentence>();
        var start = 0;
        var depth = 0;
        var straightOpen = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                Add(result, text, start, i);
                start = i + 1;
                depth = 0;
                straightOpen = false;
                continue;
            }

            if (c is '\u201C' or '\u00AB')
            {
                depth++;
                continue;
            }

            if (c is '\u201D' or '\u00BB')
            {
                depth = Math.Max(0, depth - 1);
                continue;
            }

            if (c == '"')
            {
                straightOpen = !straightOpen;
                continue;
            }

            if (c is not ('.' or '!' or '?'))
            {
                continue;
            }

            // Closing quotes and brackets right after the stop belong to this sentence (and close the quote).
            var end = i + 1;
            var closingDepth = depth;
            var closingStraight = straightOpen;
            while (end < text.Length && text[end] is '\u201D' or '\u00BB' or '"' or '\'' or '\u2019' or ')')
            {
                if (text[end] is '\u201D' or '\u00BB')
                {
                    closingDepth = Math.Max(0, closingDepth - 1);
                }
                else if (text[end] == '"')
                {
                    closingStraight = !closingStraight;
                }

                end++;
            }

            var next = end;
            while (next < text.Length && text[next] is ' ' or '\t')
            {
                next++;
            }

            var startsSentence = next < text.Length && next > end
                && (char.IsUpper(text[next]) || char.IsDigit(text[next]) || text[next] is '\u201C' or '"' or '\u00AB');
            if (!startsSentence || closingDepth > 0 || closingStraight || (c == '.' && IsAbbreviation(text, i)))
            {
                continue;
            }

            Add(result, text, start, end);
            start = end;
            depth = 0;
            straightOpen = false;
            i = end - 1;
        }

        Add(result, text, start, text.Length);
        return result;
    }

    private static bool IsAbbreviation(string text, int dot)
    {
        var wordStart = dot;
        while (wordStart > 0 && (char.IsLetter(text[wordStart - 1]) || text[wordStart - 1] == '.'))
        {
            wordStart--;
        }

        var word = text[wordStart..dot];
        return (word.Length == 1 && char.IsUpper(word[0])) || Abbreviations.Contains(word);
    }

    private static void Add(List<Sentence> result, string text, int start, int end)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        if (end > start)
        {
            result.Add(new Sentence(start, end, text[start..end]));
        }
    }
}

/// <summary>A sentence and where it sits in the text it came from.</summary>
public sealed record Sentence(int Start, int End, string Text);
