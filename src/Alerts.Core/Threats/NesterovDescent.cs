namespace Alerts.Core.Threats;

/// <summary>
/// The L2-regularised logistic loss minimised by Nesterov-accelerated gradient descent, shared by the dense and the
/// sparse regressions: a fixed number of steps of size 1/L in a fixed order, so the same rows give the same weights.
/// Only the data gradient depends on the row layout, so the caller supplies it.
/// </summary>
internal static class NesterovDescent
{
    /// <param name="n">Rows (the gradient is averaged over them).</param>
    /// <param name="d">Weights, without the bias.</param>
    /// <param name="largestEigenvalue">Of XᵀX/n with the bias column (<see cref="PowerIteration"/>).</param>
    /// <param name="accumulateGradient">Adds the data gradient at (weights, bias) into its third argument, unscaled, and returns the bias gradient.</param>
    public static (double[] Weights, double Bias) Minimise(
        int n, int d, double lambda, int iterations, double largestEigenvalue, Func<double[], double, double[], double> accumulateGradient)
    {
        var weights = new double[d];
        var bias = 0.0;
        var step = 1 / (0.25 * largestEigenvalue + lambda);
        var previous = new double[d];
        var look = new double[d];
        var gradient = new double[d];
        var previousBias = 0.0;
        for (var t = 1; t <= iterations; t++)
        {
            var momentum = (t - 1.0) / (t + 2.0);
            for (var j = 0; j < d; j++)
            {
                look[j] = weights[j] + momentum * (weights[j] - previous[j]);
            }

            var lookBias = bias + momentum * (bias - previousBias);
            Array.Clear(gradient);
            var biasGradient = accumulateGradient(look, lookBias, gradient);
            Array.Copy(weights, previous, d);
            previousBias = bias;
            for (var j = 0; j < d; j++)
            {
                weights[j] = look[j] - step * (gradient[j] / n + lambda * look[j]);
            }

            bias = lookBias - step * biasGradient / n;
        }

        return (weights, bias);
    }
}
