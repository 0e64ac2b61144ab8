namespace Alerts.Core.Threats;

/// <summary>
/// How the learned judge's probability becomes a level. A subscriber's minimum level is a precision choice:
/// "medium" and up should be right more often than "low" and up, and so on. So the trainer picks, on inner
/// out-of-fold scores, the lowest probability from which each level keeps its target precision
/// (<see cref="Targets"/>), and the judge maps the probability piecewise-linearly onto the severity bands of
/// <see cref="ThreatAnalyzer.LevelOf"/> (low 1-29, medium 30-54, high 55-79, critical 80-100) so that each cut
/// lands on its band's first severity.
/// </summary>
internal static class ThreatLevels
{
    /// <summary>Precision the statements at or above medium, high and critical must keep out of fold (low is the decision threshold's).</summary>
    public static IReadOnlyList<double> Targets { get; } = [0.85, 0.90, 0.95];

    private static readonly int[] BandStarts = [1, 30, 55, 80, 101];

    /// <summary>
    /// For each target, the lowest cut (at or above the threshold and the previous cut) whose statements at or above it
    /// keep that precision; 1 (unreachable but by a certain model) where none does.
    /// </summary>
    public static double[] Choose(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels, double threshold)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(labels);
        var order = Enumerable.Range(0, probabilities.Count).OrderByDescending(i => probabilities[i]).ThenBy(i => i).ToArray();
        var cuts = new double[Targets.Count];
        var previous = threshold;
        for (var t = 0; t < Targets.Count; t++)
        {
            var cut = 1.0;
            var tp = 0;
            var fp = 0;
            for (var r = 0; r < order.Length; r++)
            {
                _ = labels[order[r]] ? tp++ : fp++;
                var here = probabilities[order[r]];
                var next = r + 1 < order.Length ? probabilities[order[r + 1]] : 0;
                if (r + 1 < order.Length && next == here)
                {
                    continue;
                }

                if ((double)tp / (tp + fp) >= Targets[t])
                {
                    cut = (here + next) / 2;
                }
            }

            cuts[t] = previous = Math.Clamp(Math.Max(cut, previous), 0, 1);
        }

        return cuts;
    }

    /// <summary>The severity (1-100) of a probability at or above <paramref name="threshold"/>, given the level cuts.</summary>
    public static int Severity(double probability, double threshold, IReadOnlyList<double> cuts)
    {
        ArgumentNullException.ThrowIfNull(cuts);
        double[] edges = [threshold, .. cuts, 1.0];
        var band = edges.Length - 2;
        while (band > 0 && probability < edges[band])
        {
            band--;
        }

        var width = edges[band + 1] - edges[band];
        var share = width <= 0 ? 0 : Math.Clamp((probability - edges[band]) / width, 0, 1);
        var last = Math.Min(100, BandStarts[band + 1] - 1);
        return Math.Min(last, BandStarts[band] + (int)Math.Floor(share * (BandStarts[band + 1] - BandStarts[band])));
    }
}
