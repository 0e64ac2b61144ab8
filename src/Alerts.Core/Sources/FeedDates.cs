using System.Globalization;
using System.Text;

namespace Alerts.Core.Sources;

/// <summary>
/// Reads the dates feeds really carry: RFC 822 (with or without the day name, with numeric offsets,
/// zone names or "GMT+2"), W3C/ISO 8601, and day and month names in the languages of the outlets we
/// watch ("Do, 22 Dez 2016", "mer., 4 janv. 2017"). A date without a zone is taken as UTC.
/// </summary>
public static class FeedDates
{
    private static readonly Dictionary<string, int> Months = BuildMonths();

    private static readonly Dictionary<string, TimeSpan> Zones = new(StringComparer.OrdinalIgnoreCase)
    {
        ["UT"] = TimeSpan.Zero, ["UTC"] = TimeSpan.Zero, ["GMT"] = TimeSpan.Zero, ["Z"] = TimeSpan.Zero,
        ["EST"] = TimeSpan.FromHours(-5), ["EDT"] = TimeSpan.FromHours(-4),
        ["CST"] = TimeSpan.FromHours(-6), ["CDT"] = TimeSpan.FromHours(-5),
        ["MST"] = TimeSpan.FromHours(-7), ["MDT"] = TimeSpan.FromHours(-6),
        ["PST"] = TimeSpan.FromHours(-8), ["PDT"] = TimeSpan.FromHours(-7),
        ["CET"] = TimeSpan.FromHours(1), ["CEST"] = TimeSpan.FromHours(2),
        ["MEZ"] = TimeSpan.FromHours(1), ["MESZ"] = TimeSpan.FromHours(2),
        ["BST"] = TimeSpan.FromHours(1), ["IST"] = new TimeSpan(5, 30, 0), ["PKT"] = TimeSpan.FromHours(5),
        ["JST"] = TimeSpan.FromHours(9), ["MSK"] = TimeSpan.FromHours(3), ["EET"] = TimeSpan.FromHours(2),
        ["EEST"] = TimeSpan.FromHours(3), ["WET"] = TimeSpan.Zero, ["WEST"] = TimeSpan.FromHours(1),
    };

    public static DateTimeOffset? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        value = value.Trim();

        // W3C / ISO 8601 (Atom, dc:date): starts with a four-digit year.
        if (value.Length >= 10 && char.IsAsciiDigit(value[0]) && value[4] == '-'
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var iso))
        {
            return iso;
        }

        return ParseRfc822Like(value)
            ?? (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var any) ? any : null);
    }

    private static DateTimeOffset? ParseRfc822Like(string value)
    {
        // Drop a leading day name in any language ("Sat,", "Do,", "mer.,").
        var comma = value.IndexOf(',', StringComparison.Ordinal);
        if (comma is > 0 and <= 12)
        {
            value = value[(comma + 1)..];
        }

        var tokens = value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        int? day = null, month = null, year = null;
        TimeSpan? time = null;
        TimeSpan offset = TimeSpan.Zero;
        foreach (var raw in tokens)
        {
            var token = raw.TrimEnd('.', ',');
            if (time is null && token.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParseExact(token, ["h\\:m\\:s", "h\\:m"], CultureInfo.InvariantCulture, out var t))
            {
                time = t;
            }
            else if (int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                if (day is null && token.Length <= 2 && month is null)
                {
                    day = number;
                }
                else if (year is null && (token.Length == 4 || (token.Length == 2 && day is not null && month is not null)))
                {
                    year = token.Length == 2 ? (number < 50 ? 2000 + number : 1900 + number) : number;
                }
                else if (day is null && token.Length <= 2)
                {
                    day = number;
                }
            }
            else if (month is null && Months.TryGetValue(Fold(token), out var m))
            {
                month = m;
            }
            else if (time is not null && TryZone(token, out var zone))
            {
                offset = zone;
            }
        }

        if (day is null || month is null || year is null || day < 1 || day > DateTime.DaysInMonth(Math.Clamp(year.Value, 1, 9999), month.Value))
        {
            return null;
        }

        try
        {
            return new DateTimeOffset(year.Value, month.Value, day.Value, 0, 0, 0, offset) + (time ?? TimeSpan.Zero);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static bool TryZone(string token, out TimeSpan offset)
    {
        if (Zones.TryGetValue(token, out offset))
        {
            return true;
        }

        // "+0100", "-05:00", "GMT+2", "UTC-0330"
        var sign = token.IndexOfAny(['+', '-']);
        if (sign < 0 || (sign > 0 && !Zones.ContainsKey(token[..sign])))
        {
            return false;
        }

        var digits = token[(sign + 1)..].Replace(":", "", StringComparison.Ordinal);
        if (digits.Length is < 1 or > 4 || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return false;
        }

        var (hours, minutes) = digits.Length <= 2 ? (n, 0) : (n / 100, n % 100);
        if (hours > 14 || minutes > 59)
        {
            return false;
        }

        offset = new TimeSpan(hours, minutes, 0) * (token[sign] == '-' ? -1 : 1);
        return true;
    }

    /// <summary>Lower case, no diacritics, no dots: "Févr." and "fevr" meet.</summary>
    private static string Fold(string token)
    {
        var decomposed = token.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && c != '.')
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }

    private static Dictionary<string, int> BuildMonths()
    {
        // English, German, French, Spanish, Italian, Portuguese, Dutch, Catalan, Afrikaans; full names and usual abbreviations.
        string[][] names =
        [
            ["jan", "january", "januar", "janner", "jän", "janvier", "janv", "enero", "ene", "gennaio", "gen", "janeiro", "januari", "gener"],
            ["feb", "february", "februar", "fevrier", "fevr", "fev", "febrero", "febbraio", "fevereiro", "februari", "febrer"],
            ["mar", "march", "marz", "mrz", "mars", "marzo", "marco", "maart", "mrt", "marc"],
            ["apr", "april", "avril", "avr", "abril", "abr", "aprile", "abril"],
            ["may", "mai", "mayo", "maggio", "mag", "maio", "mei", "maig"],
            ["jun", "june", "juni", "juin", "junio", "giugno", "giu", "junho", "juny"],
            ["jul", "july", "juli", "juillet", "juil", "julio", "luglio", "lug", "julho", "juliol"],
            ["aug", "august", "aout", "agosto", "ago", "augustus", "agost"],
            ["sep", "sept", "september", "septembre", "septiembre", "settembre", "set", "setembro", "setembre"],
            ["oct", "october", "oktober", "okt", "octobre", "octubre", "ottobre", "ott", "outubro", "out", "octubre"],
            ["nov", "november", "novembre", "noviembre", "novembro"],
            ["dec", "december", "dezember", "dez", "decembre", "diciembre", "dic", "dicembre", "dezembro", "desember", "des", "desembre"],
        ];
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            foreach (var name in names[i])
            {
                map.TryAdd(Fold(name), i + 1);
            }
        }

        return map;
    }
}
