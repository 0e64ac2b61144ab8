using System.Globalization;
using System.Text;

namespace Alerts.Core.Statements;

/// <summary>
/// Folds text for matching names: lower case, diacritics dropped, typographic apostrophes and quotes made
/// plain. One output character per input character, so a match's position is its position in the original.
/// </summary>
public static class TextFolding
{
    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = FoldChar(source[i]);
            }
        });
    }

    public static char FoldChar(char c)
    {
        if (c < 128)
        {
            return char.ToLowerInvariant(c);
        }

        switch (c)
        {
            case '\u2019' or '\u2018' or '\u02BC' or '\u00B4' or '`':
                return '\'';
            case '\u201C' or '\u201D' or '\u00AB' or '\u00BB' or '\u201E':
                return '"';
            case '\u00A0':
                return ' ';
            case '\u2010' or '\u2011' or '\u2012' or '\u2013':
                return '-';
        }

        if (char.IsSurrogate(c))
        {
            return c;
        }

        var decomposed = c.ToString().Normalize(NormalizationForm.FormD);
        foreach (var d in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(d) != UnicodeCategory.NonSpacingMark)
            {
                return char.ToLowerInvariant(d);
            }
        }

        return char.ToLowerInvariant(c);
    }
}
