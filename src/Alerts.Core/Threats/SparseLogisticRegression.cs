namespace Alerts.Core.Threats;

/// <summary>
/// L2-regularised logistic regression on sparse rows (the hashed words), fitted like
/// <see cref="LogisticRegression"/>: Nesterov-accelerated gradient descent, a fixed number of steps, a fixed
/// order, so the same rows give the same weights. Only buckets that occur in the rows get a weight.
/// </summary>
internal static class SparseLogisticRegression
{
    public const int Iterations = 400;

    /// <returns>The used buckets (ascending), their weights, and the bias.</returns>
    public static (int[] Indices, double[] Weights, double Bias) Fit(IReadOnlyList<SparseVector> rows, IReadOnlyList<bool> labels, double lambda, int iterations = Iterations)
    {
        var used = rows.SelectMany(r => r.Indices).Distinct().Order().ToArray();
        var compact = new Dictionary<int, int>(used.Length);
        for (var j = 0; j < used.Length; j++)
        {
            compact[used[j]] = j;
        }

        var n = rows.Count;
        var local = rows.Select(r => r.Indices.Select(i => compact[i]).ToArray()).ToArray();
        var d = used.Length;
        if (n == 0)
        {
            return (used, new double[d], 0.0);
        }

        var (weights, bias) = NesterovDescent.Minimise(n, d, lambda, iterations, LargestEigenvalue(rows, local, d), (look, lookBias, gradient) =>
        {
            var biasGradient = 0.0;
            for (var i = 0; i < n; i++)
            {
                var index = local[i];
                var values = rows[i].Values;
                var z = lookBias;
                for (var k = 0; k < index.Length; k++)
                {
                    z += values[k] * look[index[k]];
                }

                var error = ThreatModel.Sigmoid(z) - (labels[i] ? 1 : 0);
                for (var k = 0; k < index.Length; k++)
                {
                    gradient[index[k]] += error * values[k];
                }

                biasGradient += error;
            }

            return biasGradient;
        });
        return (used, weights, bias);
    }

    /// <summary>The score of one row under weights over <paramref name="indices"/> (ascending): a merge of two sorted lists.</summary>
    public static double Dot(SparseVector row, int[] indices, float[] weights)
    {
        var sum = 0.0;
        var k = 0;
        for (var r = 0; r < row.Indices.Length; r++)
        {
            var target = row.Indices[r];
            var found = Array.BinarySearch(indices, k, indices.Length - k, target);
            if (found >= 0)
            {
                sum += row.Values[r] * weights[found];
                k = found + 1;
            }
            else
            {
                k = ~found;
            }

            if (k >= indices.Length)
            {
                break;
            }
        }

        return sum;
    }

    private static double LargestEigenvalue(IReadOnlyList<SparseVector> rows, int[][] local, int d) => PowerIteration.LargestEigenvalue(rows.Count, d, (v, next) =>
    {
        for (var i = 0; i < rows.Count; i++)
        {
            var index = local[i];
            var values = rows[i].Values;
            var u = v[d];
            for (var k = 0; k < index.Length; k++)
            {
                u += values[k] * v[index[k]];
            }

            for (var k = 0; k < index.Length; k++)
            {
                next[index[k]] += u * values[k];
            }

            next[d] += u;
        }
    });
}
