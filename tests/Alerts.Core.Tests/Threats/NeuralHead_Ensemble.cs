using Alerts.Core.Threats;

namespace Alerts.Core.Tests.Threats;

/// <summary>The judge's network head is an average of heads from several seeds, stored as one wider head.</summary>
public sealed class NeuralHead_Ensemble
{
    private static (double[][] Rows, bool[] Labels) Data()
    {
        var random = new Random(5);
        var rows = new double[120][];
        var labels = new bool[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = [.. Enumerable.Range(0, 6).Select(_ => (random.NextDouble() * 2) - 1)];
            labels[i] = rows[i][0] * rows[i][1] > 0;
        }

        return (rows, labels);
    }

    [Fact]
    public void TheMergedHeadScoresTheMeanOfItsMembersLogits()
    {
        var (rows, labels) = Data();
        var members = Enumerable.Range(0, 3).Select(m => NeuralHead.Fit(rows, labels, 11 + (7919 * m))).ToList();

        var merged = NeuralHead.FitEnsemble(rows, labels, 11, 3);

        Assert.Equal(3 * NeuralHead.Hidden, merged.Hidden);
        foreach (var row in rows.Take(20))
        {
            var x = row.Select(v => (float)v).ToArray();
            var mean = members.Average(h => NeuralHead.Logit(h, x));
            Assert.Equal(mean, NeuralHead.Logit(merged, x), 4);
        }
    }

    [Fact]
    public void MembersFromDifferentSeedsDisagreeSoTheAverageIsNotOneHeadRepeated()
    {
        var (rows, labels) = Data();

        var merged = NeuralHead.FitEnsemble(rows, labels, 11, 2);

        var first = merged.W1.AsSpan(0, NeuralHead.Hidden * merged.Inputs);
        var second = merged.W1.AsSpan(NeuralHead.Hidden * merged.Inputs);
        Assert.False(first.SequenceEqual(second));
    }
}
