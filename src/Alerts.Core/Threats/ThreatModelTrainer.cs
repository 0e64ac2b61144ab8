namespace Alerts.Core.Threats;

/// <summary>
/// Trains a <see cref="ThreatModelParameters"/> from examples: an embedding logistic regression, a
/// hashed-word logistic regression and a small network, stacked with the rules' verdict by a logistic
/// meta-model. Everything chosen (the L2 strengths, the meta-model's weights, the decision threshold and
/// whether the rules may decide alone) is chosen on out-of-fold
/// scores inside the examples given, grouped by page, and only real statements choose; so when
/// <c>eval</c> calls this on its training folds, its test folds never influence a choice.
/// </summary>
internal static class ThreatModelTrainer
{
    public const int InnerFolds = 5;

    /// <summary>
    /// Precision the threshold must keep out of fold (the floor): below it analysts wade through
    /// false alarms; above it, every point of precision costs more recall than it is worth.
    /// </summary>
    public const double TargetPrecision = 0.80;

    public static IReadOnlyList<double> Lambdas { get; } = [0.03, 0.1, 0.3, 1.0];

    /// <summary>L2 strengths tried for the hashed-word model (its rows have unit length, so far smaller).</summary>
    public static IReadOnlyList<double> LexicalLambdas { get; } = [1e-5, 3e-5, 1e-4, 3e-4, 1e-3];

    /// <summary>Share of the inner out-of-fold threats the encoder gate may lose (ones the full judge would have flagged).</summary>
    public const double GateLoss = 0.005;

    /// <summary>The meta-model has four inputs and thousands of rows: a touch of L2 only keeps it finite.</summary>
    public const double StackLambda = 1e-3;

    public static ThreatModelParameters Train(IReadOnlyList<ThreatTrainingExample> all, string encoder, int dimensions, int seed, string dataVersion)
    {
        var examples = ReadableExamples(all);
        var encoded = Encode(examples);

        // Inner folds over the real statements' pages; written statements always train.
        var groups = examples.Select(e => e.Real ? e.Group : null).ToList();
        var k = GroupedFolds.Usable(groups, InnerFolds);
        var choices = k >= 2 && encoded.Labels.Distinct().Count() == 2
            ? ChooseOutOfFold(examples, encoded, GroupedFolds.Assign(groups, k, seed), k, seed)
            : Choices.Untuned;
        return FitAndWrite(examples, encoded, choices, encoder, dimensions, seed, dataVersion);
    }

    private static List<ThreatTrainingExample> ReadableExamples(IReadOnlyList<ThreatTrainingExample> all)
    {
        var examples = all.Where(e => e.Readable).ToList();
        if (examples.Count == 0)
        {
            throw new InvalidDataException("No readable training statements.");
        }

        return examples;
    }

    /// <summary>The examples as the scorers read them: standardised embeddings (and their views), hashed words, labels.</summary>
    private static Encoded Encode(List<ThreatTrainingExample> examples)
    {
        var featureCount = examples[0].Features!.Length;
        var (means, scales) = Standardiser(examples, featureCount);
        var rows = examples.Select(e => Standardise(e.Features!, means, scales)).ToArray();
        var views = examples.Select(e => e.Views!.Select(v => Standardise(v, means, scales)).ToArray()).ToArray();
        var lexical = examples.Select(e => e.Lexical).ToArray();
        var labels = examples.Select(e => e.Threat).ToArray();
        return new Encoded(means, scales, rows, views, lexical, labels);
    }

    /// <summary>
    /// Everything chosen on out-of-fold scores: each member's L2 strength, the meta-model over the members and the
    /// rules, the thresholds, the level cuts, the encoder gate and whether the rules may decide alone.
    /// </summary>
    private static Choices ChooseOutOfFold(List<ThreatTrainingExample> examples, Encoded encoded, int[] folds, int k, int seed)
    {
        var tested = Enumerable.Range(0, examples.Count).Where(i => folds[i] >= 0).ToArray();
        var testedLabels = tested.Select(i => encoded.Labels[i]).ToArray();
        var embedding = ChooseEmbeddingLambda(encoded, folds, k, tested, testedLabels);
        var (lexicalLambda, lexicalLogits) = ChooseLexicalLambda(encoded, folds, k, tested, testedLabels);

        // The meta-model learns how far to trust each scorer on text it did not train on.
        var neural = NeuralOutOfFold(encoded.Rows, encoded.Views, encoded.Labels, folds, k, seed, tested);
        var metaRows = tested.Select((i, t) => new[] { embedding.Logits[t], lexicalLogits[t], examples[i].RulesThreat ? 1.0 : 0.0, neural[t] }).ToArray();
        var (metaWeights, metaBias) = LogisticRegression.Fit(metaRows, testedLabels, StackLambda);
        double[] stack = [.. metaWeights, metaBias];
        var probabilities = metaRows.Select(r => ThreatModel.Sigmoid(ThreatModel.Stack(stack, r))).ToArray();

        var rulesThreat = tested.Select(i => examples[i].RulesThreat).ToArray();
        var combined = probabilities.Select((p, i) => rulesThreat[i] ? 1.0 : p).ToArray();
        var (modelThreshold, modelF1) = ChooseThreshold(probabilities, testedLabels);
        var (combinedThreshold, combinedF1) = ChooseThreshold(combined, testedLabels);
        var levelCuts = ThreatLevels.Choose(probabilities, testedLabels, modelThreshold);
        var (cheapStack, gate) = FitGate(lexicalLogits, rulesThreat, testedLabels, probabilities.Select(p => p >= modelThreshold).ToArray());
        var mode = combinedF1 > modelF1 + 0.005 ? ThreatDecisionModes.RulesOrModel : ThreatDecisionModes.Model;
        return new Choices(
            embedding.Lambda,
            lexicalLambda,
            stack,
            cheapStack,
            levelCuts,
            gate,
            embedding.PlattA,
            embedding.PlattB,
            modelThreshold,
            combinedThreshold,
            mode);
    }

    /// <summary>The embedding model's L2 strength with the lowest calibrated out-of-fold loss, its logits and calibration.</summary>
    private static (double Lambda, double[] Logits, double PlattA, double PlattB) ChooseEmbeddingLambda(Encoded encoded, int[] folds, int k, int[] tested, bool[] testedLabels) =>
        ChooseLambda(Lambdas, 0.1, candidate => OutOfFold(encoded.Rows, encoded.Views, encoded.Labels, folds, k, candidate, tested), testedLabels);

    /// <summary>The hashed-word model's L2 strength with the lowest calibrated out-of-fold loss, and its logits.</summary>
    private static (double Lambda, double[] Logits) ChooseLexicalLambda(Encoded encoded, int[] folds, int k, int[] tested, bool[] testedLabels)
    {
        var (lambda, logits, _, _) = ChooseLambda(LexicalLambdas, 1e-3, candidate => LexicalOutOfFold(encoded.Lexical, encoded.Labels, folds, k, candidate, tested), testedLabels);
        return (lambda, logits);
    }

    /// <summary>
    /// The candidate whose out-of-fold logits, Platt-calibrated, give the lowest log loss (the first of equals), with
    /// those logits and their calibration; <paramref name="fallback"/> when no loss is finite.
    /// </summary>
    private static (double Lambda, double[] Logits, double PlattA, double PlattB) ChooseLambda(IReadOnlyList<double> candidates, double fallback, Func<double, double[]> outOfFold, bool[] testedLabels)
    {
        var lambda = fallback;
        double plattA = 1, plattB = 0;
        var bestLoss = double.PositiveInfinity;
        double[] bestLogits = [];
        foreach (var candidate in candidates)
        {
            var logits = outOfFold(candidate);
            var (a, b) = LogisticRegression.Platt(logits, testedLabels);
            var loss = LogLoss(logits.Select(z => ThreatModel.Sigmoid(a * z + b)).ToArray(), testedLabels);
            if (loss < bestLoss - 1e-9)
            {
                bestLoss = loss;
                lambda = candidate;
                bestLogits = logits;
                (plattA, plattB) = (a, b);
            }
        }

        return (lambda, bestLogits, plattA, plattB);
    }

    /// <summary>
    /// The gate: a meta-model over the cheap scorers only, cut as high as it can be while losing at most
    /// GateLoss of the threats the full judge flags out of fold.
    /// </summary>
    private static (double[] CheapStack, double Gate) FitGate(double[] lexicalLogits, bool[] rulesThreat, bool[] testedLabels, bool[] flagged)
    {
        var cheapRows = rulesThreat.Select((rules, t) => new[] { lexicalLogits[t], rules ? 1.0 : 0.0 }).ToArray();
        var (cheapWeights, cheapBias) = LogisticRegression.Fit(cheapRows, testedLabels, StackLambda);
        double[] cheapStack = [.. cheapWeights, cheapBias];
        var cheap = cheapRows.Select(r => ThreatModel.Sigmoid(ThreatModel.Stack(cheapStack, r))).ToArray();
        return (cheapStack, ChooseGate(cheap, rulesThreat, testedLabels, flagged));
    }

    /// <summary>Fits every member on all the examples with the strengths chosen, and writes the parameters.</summary>
    private static ThreatModelParameters FitAndWrite(List<ThreatTrainingExample> examples, Encoded encoded, Choices choices, string encoder, int dimensions, int seed, string dataVersion)
    {
        var (weights, bias) = LogisticRegression.Fit(encoded.Rows, encoded.Labels, choices.Lambda);
        int[]? lexicalIndices = null;
        float[]? lexicalWeights = null;
        var lexicalBias = 0.0;
        if (choices.Stack is not null)
        {
            (lexicalIndices, lexicalWeights, lexicalBias) = FitSparse(encoded.Lexical, encoded.Labels, choices.LexicalLambda);
        }

        return new ThreatModelParameters(
            encoder,
            dimensions,
            ThreatReading.SignalNames,
            dataVersion,
            examples.Count,
            seed,
            choices.Lambda,
            encoded.Means,
            encoded.Scales,
            [.. weights.Select(w => (float)w)],
            bias,
            choices.PlattA,
            choices.PlattB,
            choices.Mode,
            choices.Mode == ThreatDecisionModes.Model ? choices.ModelThreshold : choices.CombinedThreshold,
            choices.ModelThreshold,
            choices.CombinedThreshold,
            Centroids(examples, dimensions),
            choices.Stack is null ? 0 : choices.LexicalLambda,
            lexicalIndices,
            lexicalWeights,
            lexicalBias,
            choices.Stack,
            choices.Stack is null ? null : NeuralHead.FitEnsemble(encoded.Rows, encoded.Labels, seed, NeuralHead.Members),
            choices.LevelCuts,
            choices.CheapStack,
            choices.Gate);
    }

    /// <summary>A sparse model keeping only the buckets whose weight survives narrowing to float.</summary>
    private static (int[] Indices, float[] Weights, double Bias) FitSparse(SparseVector[] rows, bool[] labels, double lambda)
    {
        var (indices, w, b) = SparseLogisticRegression.Fit(rows, labels, lambda);
        var kept = Enumerable.Range(0, indices.Length).Where(j => (float)w[j] != 0f).ToArray();
        return ([.. kept.Select(j => indices[j])], [.. kept.Select(j => (float)w[j])], b);
    }

    /// <summary>
    /// The highest cheap-score cut below which the rules never fire and at most <see cref="GateLoss"/> of the threats
    /// lie that the full judge flags; 0 (no gate) when even the lowest such text is one of too many.
    /// </summary>
    public static double ChooseGate(IReadOnlyList<double> cheap, IReadOnlyList<bool> rulesThreat, IReadOnlyList<bool> labels, IReadOnlyList<bool> flagged)
    {
        ArgumentNullException.ThrowIfNull(cheap);
        ArgumentNullException.ThrowIfNull(rulesThreat);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(flagged);
        var allowed = (int)Math.Floor(GateLoss * labels.Count(l => l));
        var order = Enumerable.Range(0, cheap.Count).Where(i => !rulesThreat[i]).OrderBy(i => cheap[i]).ThenBy(i => i).ToArray();
        var lost = 0;
        var gate = 0.0;
        for (var r = 0; r < order.Length; r++)
        {
            var i = order[r];
            if (labels[i] && flagged[i])
            {
                lost++;
            }

            if (lost > allowed)
            {
                break;
            }

            var next = r + 1 < order.Length ? cheap[order[r + 1]] : 1;
            if (next > cheap[i])
            {
                gate = (cheap[i] + next) / 2;
            }
        }

        return gate;
    }

    /// <summary>
    /// The threshold with the best F1 among those keeping <see cref="TargetPrecision"/>; where none does,
    /// the one with the best F0.5 (precision weighs double). Halfway between neighbouring scores.
    /// </summary>
    public static (double Threshold, double F1) ChooseThreshold(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels)
    {
        var order = Enumerable.Range(0, probabilities.Count).OrderByDescending(i => probabilities[i]).ThenBy(i => i).ToArray();
        var positives = labels.Count(l => l);
        if (positives == 0 || order.Length == 0)
        {
            return (0.5, 0);
        }

        var bestThreshold = 0.5;
        var bestF1 = -1.0;
        var fallbackThreshold = 0.5;
        var bestF05 = -1.0;
        var fallbackF1 = 0.0;
        var tp = 0;
        var fp = 0;
        for (var r = 0; r < order.Length; r++)
        {
            if (labels[order[r]])
            {
                tp++;
            }
            else
            {
                fp++;
            }

            var here = probabilities[order[r]];
            var next = r + 1 < order.Length ? probabilities[order[r + 1]] : 0;
            if (r + 1 < order.Length && next == here)
            {
                continue;
            }

            var threshold = (here + next) / 2;
            var precision = (double)tp / (tp + fp);
            var recall = (double)tp / positives;
            var f1 = 2 * precision * recall / (precision + recall);
            var f05 = 1.25 * precision * recall / (0.25 * precision + recall);
            if (precision >= TargetPrecision && f1 > bestF1)
            {
                (bestF1, bestThreshold) = (f1, threshold);
            }

            if (f05 > bestF05)
            {
                (bestF05, fallbackThreshold, fallbackF1) = (f05, threshold, f1);
            }
        }

        return bestF1 >= 0 ? (bestThreshold, bestF1) : (fallbackThreshold, fallbackF1);
    }

    /// <summary>Each held-out example's score is its strongest view's, as the judge scores text.</summary>
    private static double[] OutOfFold(double[][] rows, double[][][] views, bool[] labels, int[] folds, int k, double lambda, int[] tested)
    {
        var logits = new double[rows.Length];
        for (var f = 0; f < k; f++)
        {
            var train = Enumerable.Range(0, rows.Length).Where(i => folds[i] != f).ToArray();
            var (weights, bias) = LogisticRegression.Fit([.. train.Select(i => rows[i])], [.. train.Select(i => labels[i])], lambda);
            for (var i = 0; i < rows.Length; i++)
            {
                if (folds[i] == f)
                {
                    logits[i] = views[i].Max(v => LogisticRegression.Dot(v, weights)) + bias;
                }
            }
        }

        return [.. tested.Select(i => logits[i])];
    }

    private static double[] NeuralOutOfFold(double[][] rows, double[][][] views, bool[] labels, int[] folds, int k, int seed, int[] tested)
    {
        var logits = new double[rows.Length];
        for (var f = 0; f < k; f++)
        {
            var train = Enumerable.Range(0, rows.Length).Where(i => folds[i] != f).ToArray();
            var head = NeuralHead.FitEnsemble([.. train.Select(i => rows[i])], [.. train.Select(i => labels[i])], seed + f, NeuralHead.Members);
            for (var i = 0; i < rows.Length; i++)
            {
                if (folds[i] == f)
                {
                    logits[i] = views[i].Max(v => NeuralHead.Logit(head, [.. v.Select(x => (float)x)]));
                }
            }
        }

        return [.. tested.Select(i => logits[i])];
    }

    private static double[] LexicalOutOfFold(SparseVector[] rows, bool[] labels, int[] folds, int k, double lambda, int[] tested)
    {
        var logits = new double[rows.Length];
        for (var f = 0; f < k; f++)
        {
            var train = Enumerable.Range(0, rows.Length).Where(i => folds[i] != f).ToArray();
            var (indices, weights, bias) = SparseLogisticRegression.Fit([.. train.Select(i => rows[i])], [.. train.Select(i => labels[i])], lambda);
            var narrow = weights.Select(w => (float)w).ToArray();
            for (var i = 0; i < rows.Length; i++)
            {
                if (folds[i] == f)
                {
                    logits[i] = SparseLogisticRegression.Dot(rows[i], indices, narrow) + bias;
                }
            }
        }

        return [.. tested.Select(i => logits[i])];
    }

    private static double LogLoss(double[] probabilities, bool[] labels)
    {
        var sum = 0.0;
        for (var i = 0; i < probabilities.Length; i++)
        {
            var p = Math.Clamp(probabilities[i], 1e-9, 1 - 1e-9);
            sum -= labels[i] ? Math.Log(p) : Math.Log(1 - p);
        }

        return sum / probabilities.Length;
    }

    private static (float[] Means, float[] Scales) Standardiser(List<ThreatTrainingExample> examples, int count)
    {
        var means = new float[count];
        var scales = new float[count];
        for (var j = 0; j < count; j++)
        {
            var sum = 0.0;
            foreach (var e in examples)
            {
                sum += e.Features![j];
            }

            var mean = sum / examples.Count;
            var squares = 0.0;
            foreach (var e in examples)
            {
                var delta = e.Features![j] - mean;
                squares += delta * delta;
            }

            var std = Math.Sqrt(squares / examples.Count);
            means[j] = (float)mean;
            scales[j] = std < 1e-6 ? 1f : (float)std;
        }

        return (means, scales);
    }

    private static double[] Standardise(double[] features, float[] means, float[] scales)
    {
        var row = new double[features.Length];
        for (var j = 0; j < row.Length; j++)
        {
            row[j] = (features[j] - means[j]) / scales[j];
        }

        return row;
    }

    private static SortedDictionary<string, float[]> Centroids(List<ThreatTrainingExample> examples, int dimensions)
    {
        var centroids = new SortedDictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var category in ThreatCategories.All)
        {
            var members = examples.Where(e => e.Threat && string.Equals(e.Statement.Category, category, StringComparison.Ordinal)).ToList();
            if (members.Count == 0)
            {
                continue;
            }

            var sum = new double[dimensions];
            foreach (var member in members)
            {
                for (var i = 0; i < dimensions; i++)
                {
                    sum[i] += member.Features![i];
                }
            }

            var norm = Math.Sqrt(sum.Sum(x => x * x));
            centroids[category] = [.. sum.Select(x => norm == 0 ? 0f : (float)(x / norm))];
        }

        return centroids;
    }

    private sealed record Encoded(float[] Means, float[] Scales, double[][] Rows, double[][][] Views, SparseVector[] Lexical, bool[] Labels);

    /// <summary>What the inner folds chose; <see cref="Untuned"/> when there are too few pages or one class only.</summary>
    private sealed record Choices(
        double Lambda,
        double LexicalLambda,
        double[]? Stack,
        double[]? CheapStack,
        double[]? LevelCuts,
        double Gate,
        double PlattA,
        double PlattB,
        double ModelThreshold,
        double CombinedThreshold,
        string Mode)
    {
        public static Choices Untuned { get; } = new(0.1, 1e-3, null, null, null, 0.0, 1, 0, 0.5, 0.5, ThreatDecisionModes.Model);
    }
}
