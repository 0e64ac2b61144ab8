using System.Globalization;
using System.Text.RegularExpressions;

namespace Alerts.Core.Statements;

/// <summary>
/// When reported words were said, as news copy tells it: "on Monday", "on October 27", "on 27 October",
/// "yesterday", read against the item's publication time. The publication time stands when the text names
/// no day, or names the day it was published; a day in the text is never later than publication.
/// </summary>
public static partial class SpeechDates
{
    private static readonly string[] MonthNames = CultureInfo.InvariantCulture.DateTimeFormat.MonthNames;

    public static DateTimeOffset? Resolve(IEnumerable<string> sentences, DateTimeOffset? published)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        if (published is not { } at)
        {
            return null;
        }

        foreach (var sentence in sentences)
        {
            var day = Find(sentence, at);
            if (day is { } d && d.Date != at.Date)
            {
                return new DateTimeOffset(d.Date, at.Offset);
            }
        }

        return at;
    }

    private static DateTime? Find(string sentence, DateTimeOffset published)
    {
        var date = published.Date;
        if (Yesterday().IsMatch(sentence))
        {
            return date.AddDays(-1);
        }

        var monthDay = MonthDay().Match(sentence);
        if (monthDay.Success)
        {
            var month = Array.FindIndex(MonthNames, m => m.Length > 0 && m.StartsWith(monthDay.Groups["month"].Value, StringComparison.OrdinalIgnoreCase)) + 1;
            var dayOfMonth = int.Parse(monthDay.Groups["day"].Success ? monthDay.Groups["day"].Value : monthDay.Groups["day2"].Value, CultureInfo.InvariantCulture);
            if (month > 0 && dayOfMonth >= 1 && dayOfMonth <= DateTime.DaysInMonth(date.Year, month))
            {
                var candidate = new DateTime(date.Year, month, dayOfMonth, 0, 0, 0, DateTimeKind.Unspecified);
                return candidate > date ? candidate.AddYears(-1) : candidate;
            }
        }

        var weekday = Weekday().Match(sentence);
        if (weekday.Success && Enum.TryParse<DayOfWeek>(weekday.Groups["day"].Value, ignoreCase: true, out var named))
        {
            var back = ((int)date.DayOfWeek - (int)named + 7) % 7;
            return date.AddDays(-back);
        }

        return null;
    }

    [GeneratedRegex(@"\byesterday\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Yesterday();

    [GeneratedRegex(@"\bon\s+(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?(?:(?<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+(?<day>\d{1,2})\b|(?<day2>\d{1,2})\s+(?<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MonthDay();

    [GeneratedRegex(@"\bon\s+(?<day>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Weekday();
}
