using System.Globalization;
using System.Text;
using Alerts.Core.Storage;

namespace Alerts.Core.Statements;

/// <summary>
/// The identity of a statement: the official plus its normalised wording, so the same words reported by
/// several outlets (different markup, quotes, case, spacing) are one statement.
/// </summary>
public static class StatementKey
{
    public static string Compute(string officialId, string text) =>
        "st-" + TableKeys.Hash(officialId + "\n" + Normalize(text), 40);

    public static string Normalize(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormKD);
        var builder = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsLetterOrDigit(c))
            {
                if (pendingSpace && builder.Length > 0)
                {
                    builder.Append(' ');
                }

                builder.Append(char.ToLowerInvariant(c));
                pendingSpace = false;
            }
            else
            {
                pendingSpace = true;
            }
        }

        return builder.ToString();
    }
}
