using System.Globalization;
using Alerts.Core.Statements;
using Alerts.Core.Threats;

namespace Alerts.Core.Archive;

/// <summary>
/// The geometry of the timeline chart (an inline SVG the template draws: no script, no image request):
/// one bar per day for the statements, the threats of the day stacked in the colour of the highest level,
/// and a marker above every day with a threat. The viewBox is as wide as a phone screen and scales to it.
/// </summary>
public sealed record TimelineChart(int Width, int Height, int Baseline, IReadOnlyList<TimelineBar> Bars, IReadOnlyList<AxisLabel> Labels, int MaxStatements)
{
    private const int Width0 = 360;
    private const int Top = 16;
    private const int Baseline0 = 156;

    public static TimelineChart From(IReadOnlyList<TimelineDay> days)
    {
        var max = Math.Max(1, days.Count == 0 ? 1 : days.Max(d => d.Statements));
        var slot = days.Count == 0 ? Width0 : (double)Width0 / days.Count;
        var plot = Baseline0 - Top;
        var bars = new List<TimelineBar>(days.Count);
        for (var i = 0; i < days.Count; i++)
        {
            var day = days[i];
            var x = Math.Round(i * slot + slot * 0.15, 2);
            var width = Math.Round(slot * 0.7, 2);
            var height = day.Statements == 0 ? 0 : Math.Max(2, Math.Round((double)day.Statements / max * plot, 2));
            var threatHeight = day.ThreatCount == 0 ? 0 : Math.Max(2, Math.Round((double)day.ThreatCount / max * plot, 2));
            bars.Add(new TimelineBar(
                day.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                Num(x),
                Num(width),
                Num(Baseline0 - height),
                Num(height),
                Num(Baseline0 - threatHeight),
                Num(threatHeight),
                day.ThreatCount > 0,
                Num(x + width / 2),
                Num(Top - 6),
                Colour(day.HighestLevel),
                day.HighestLevel.ToString(),
                Describe(day)));
        }

        var labels = new List<AxisLabel>();
        for (var i = 0; i < days.Count; i += 30)
        {
            labels.Add(new AxisLabel(Num(Math.Round(i * slot, 2)), days[i].Day.ToString("d MMM", CultureInfo.InvariantCulture), "start"));
        }

        if (days.Count > 0)
        {
            labels.Add(new AxisLabel(Num(Width0), days[^1].Day.ToString("d MMM", CultureInfo.InvariantCulture), "end"));
        }

        return new TimelineChart(Width0, Baseline0 + 22, Baseline0, bars, labels, max);
    }

    public static string Colour(ThreatLevel level) => level switch
    {
        ThreatLevel.Critical => "#7a0000",
        ThreatLevel.High => "#d62728",
        ThreatLevel.Medium => "#ef8a17",
        ThreatLevel.Low => "#c9a400",
        _ => "#9aa5b1",
    };

    private static string Describe(TimelineDay day)
    {
        var date = day.Day.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
        var statements = day.Statements == 1 ? "1 statement" : $"{day.Statements} statements";
        if (day.ThreatCount == 0)
        {
            return $"{date}: {statements}";
        }

        var levels = string.Join(", ", day.Threats.OrderByDescending(t => t.Key).Select(t => $"{t.Value} {t.Key}"));
        return $"{date}: {statements}, threats: {levels}";
    }

    private static string Num(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}

/// <param name="Describe">The day in words: the SVG title (a tooltip and what a screen reader says).</param>
public sealed record TimelineBar(
    string Day, string X, string Width, string Y, string Height, string ThreatY, string ThreatHeight,
    bool HasThreat, string MarkerX, string MarkerY, string Colour, string Level, string Describe);

public sealed record AxisLabel(string X, string Text, string Anchor);
