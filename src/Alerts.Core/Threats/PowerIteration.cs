namespace Alerts.Core.Threats;

/// <summary>
/// The largest eigenvalue of XᵀX/n with the bias column, for the dense and the sparse logistic regressions: gradient
/// descent with the step 1/L stays stable. The caller supplies the product (it knows its row layout); 30 iterations
/// are plenty for a step size, which needs the scale, not the digits.
/// </summary>
internal static class PowerIteration
{
    /// <param name="n">Rows in X.</param>
    /// <param name="d">Features per row, without the bias.</param>
    /// <param name="accumulateProduct">Adds XᵀXv (unscaled, bias at index d) into its second argument.</param>
    public static double LargestEigenvalue(int n, int d, Action<double[], double[]> accumulateProduct)
    {
        var v = new double[d + 1];
        Array.Fill(v, 1 / Math.Sqrt(d + 1));
        var eigenvalue = 1.0;
        for (var iteration = 0; iteration < 30; iteration++)
        {
            var next = new double[d + 1];
            accumulateProduct(v, next);
            var norm = 0.0;
            for (var j = 0; j <= d; j++)
            {
                next[j] /= n;
                norm += next[j] * next[j];
            }

            norm = Math.Sqrt(norm);
            if (norm == 0)
            {
                return 1;
            }

            for (var j = 0; j <= d; j++)
            {
                v[j] = next[j] / norm;
            }

            eigenvalue = norm;
        }

        return eigenvalue;
    }
}
