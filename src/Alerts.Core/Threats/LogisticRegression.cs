using System.Numerics;

namespace Alerts.Core.Threats;

/// <summary>
/// L2-regularised logistic regression on standardised features, fitted by Nesterov-accelerated gradient
/// descent for a fixed number of steps in a fixed order (SIMD lanes summed in a fixed order, no threads):
/// the same rows give the same weights, bit for bit, on the same machine.
/// </summary>
internal static class LogisticRegression
{
    public const int Iterations = 300;

    public static (double[] Weights, double Bias) Fit(double[][] rows, bool[] labels, double lambda, int iterations = Iterations)
    {
        var n = rows.Length;
        var d = n == 0 ? 0 : rows[0].Length;
        if (n == 0)
        {
            return (new double[d], 0.0);
        }

        return NesterovDescent.Minimise(n, d, lambda, iterations, LargestEigenvalue(rows, d), (look, lookBias, gradient) =>
        {
            var biasGradient = 0.0;
            for (var i = 0; i < n; i++)
            {
                var row = rows[i];
                var error = ThreatModel.Sigmoid(Dot(row, look) + lookBias) - (labels[i] ? 1 : 0);
                AddScaled(gradient, row, error);

                biasGradient += error;
            }

            return biasGradient;
        });
    }

    public static double Dot(double[] row, double[] weights)
    {
        // SIMD lanes summed in a fixed order: several times faster, and still the same result every run on one machine.
        var width = Vector<double>.Count;
        var lanes = Vector<double>.Zero;
        var j = 0;
        for (; j + width <= row.Length; j += width)
        {
            lanes += new Vector<double>(row, j) * new Vector<double>(weights, j);
        }

        var sum = Vector.Sum(lanes);
        for (; j < row.Length; j++)
        {
            sum += row[j] * weights[j];
        }

        return sum;
    }

    private static void AddScaled(double[] target, double[] source, double factor)
    {
        var width = Vector<double>.Count;
        var scale = new Vector<double>(factor);
        var j = 0;
        for (; j + width <= target.Length; j += width)
        {
            (new Vector<double>(target, j) + scale * new Vector<double>(source, j)).CopyTo(target, j);
        }

        for (; j < target.Length; j++)
        {
            target[j] += factor * source[j];
        }
    }

    /// <summary>Platt scaling: a and b so that sigmoid(a·logit + b) fits the labels (Newton's method, Platt's smoothed targets).</summary>
    public static (double A, double B) Platt(IReadOnlyList<double> logits, IReadOnlyList<bool> labels)
    {
        var positives = labels.Count(l => l);
        var negatives = labels.Count - positives;
        if (positives == 0 || negatives == 0)
        {
            return (1, 0);
        }

        var high = (positives + 1.0) / (positives + 2.0);
        var low = 1.0 / (negatives + 2.0);
        double a = 1, b = 0;
        for (var iteration = 0; iteration < 50; iteration++)
        {
            double ga = 0, gb = 0, haa = 1e-9, hab = 0, hbb = 1e-9;
            for (var i = 0; i < logits.Count; i++)
            {
                var p = ThreatModel.Sigmoid(a * logits[i] + b);
                var target = labels[i] ? high : low;
                var error = p - target;
                var w = p * (1 - p);
                ga += error * logits[i];
                gb += error;
                haa += w * logits[i] * logits[i];
                hab += w * logits[i];
                hbb += w;
            }

            var det = haa * hbb - hab * hab;
            if (Math.Abs(det) < 1e-12)
            {
                break;
            }

            a -= (hbb * ga - hab * gb) / det;
            b -= (haa * gb - hab * ga) / det;
        }

        return (a, b);
    }

    private static double LargestEigenvalue(double[][] rows, int d) => PowerIteration.LargestEigenvalue(rows.Length, d, (v, next) =>
    {
        foreach (var row in rows)
        {
            var u = v[d];
            for (var j = 0; j < d; j++)
            {
                u += row[j] * v[j];
            }

            for (var j = 0; j < d; j++)
            {
                next[j] += u * row[j];
            }

            next[d] += u;
        }
    });
}
