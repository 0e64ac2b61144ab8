namespace Alerts.Core.Threats;

/// <summary>
/// The learned judge's feature vector: the mean and the element-wise max of the sentence embeddings (so a
/// long text stays one fixed-size vector and one strong sentence still shows) followed by the rule signals.
/// A text of several sentences is also seen one sentence at a time (each with the text's rule signals), and
/// the strongest view decides: a threat after a routine sentence is not averaged away.
/// </summary>
internal static class ThreatFeatures
{
    /// <summary>The whole text first, then each sentence alone when there are two or more.</summary>
    public static double[][] Views(float[][] embeddings, double[] signals, int dimensions, int skip = -1)
    {
        var whole = Compose(embeddings, signals, dimensions, skip);
        var kept = Enumerable.Range(0, embeddings.Length).Where(s => s != skip).ToList();
        if (kept.Count < 2)
        {
            return [whole];
        }

        var views = new double[kept.Count + 1][];
        views[0] = whole;
        for (var i = 0; i < kept.Count; i++)
        {
            views[i + 1] = Compose([embeddings[kept[i]]], signals, dimensions);
        }

        return views;
    }

    public static int Count(int dimensions, int signals) => 2 * dimensions + signals;

    /// <param name="skip">A sentence to leave out (to measure how much it drives the score), or -1.</param>
    public static double[] Compose(float[][] embeddings, double[] signals, int dimensions, int skip = -1)
    {
        var features = new double[Count(dimensions, signals.Length)];
        var used = 0;
        for (var s = 0; s < embeddings.Length; s++)
        {
            if (s == skip)
            {
                continue;
            }

            var vector = embeddings[s];
            for (var i = 0; i < dimensions; i++)
            {
                features[i] += vector[i];
                features[dimensions + i] = used == 0 ? vector[i] : Math.Max(features[dimensions + i], vector[i]);
            }

            used++;
        }

        if (used > 0)
        {
            for (var i = 0; i < dimensions; i++)
            {
                features[i] /= used;
            }
        }

        Array.Copy(signals, 0, features, 2 * dimensions, signals.Length);
        return features;
    }
}
