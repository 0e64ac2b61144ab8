using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Alerts.Core.Threats;

/// <summary>How the learned judge turns the model's probability and the rules' verdict into a decision.</summary>
public static class ThreatDecisionModes
{
    /// <summary>The model alone decides; the rules only feed it signals and evidence.</summary>
    public const string Model = "model";

    /// <summary>A statement is a threat when the rules fire or the model's probability reaches its threshold.</summary>
    public const string RulesOrModel = "rules-or-model";
}

/// <summary>
/// The learned threat judge's parameters, as written by <c>train</c> to <c>seeds/threat-model/en.json</c>:
/// feature standardisation, an L2 logistic regression, Platt calibration, the decision threshold and mode
/// chosen inside the training data, and one centroid per category for statements no rule explains.
/// Features are <c>[mean of sentence embeddings, max of sentence embeddings, rule signals]</c>.
/// Where <see cref="Stack"/> is set, a second logistic regression over the text's hashed words and word
/// pairs (<see cref="LexicalFeatures"/>; only the buckets seen in training are stored) scores it too, and the
/// probability is <c>sigmoid(Stack · [embedding logit, lexical logit, rules fired, 1])</c>: a small
/// meta-model fitted on out-of-fold scores inside the training data. <see cref="LevelCuts"/> are the probabilities from which a verdict is medium, high and critical
/// (chosen so each level keeps its precision out of fold, see <see cref="ThreatLevels"/>). <see cref="CheapStack"/>
/// scores a text from [word logit, rules fired, 1] alone; below <see cref="Gate"/> the text is
/// routine without running the encoder.
/// </summary>
public sealed record ThreatModelParameters(
    string Encoder,
    int EmbeddingDimensions,
    IReadOnlyList<string> Signals,
    string DataVersion,
    int Examples,
    int Seed,
    double Lambda,
    float[] Means,
    float[] Scales,
    float[] Weights,
    double Bias,
    double PlattA,
    double PlattB,
    string Mode,
    double Threshold,
    double ModelThreshold,
    double CombinedThreshold,
    IReadOnlyDictionary<string, float[]> Centroids,
    double LexicalLambda = 0,
    int[]? LexicalIndices = null,
    float[]? LexicalWeights = null,
    double LexicalBias = 0,
    double[]? Stack = null,
    NeuralHeadParameters? Neural = null,
    double[]? LevelCuts = null,
    double[]? CheapStack = null,
    double Gate = 0);

/// <summary>A loaded <see cref="ThreatModelParameters"/> with its version (a hash of the file's bytes).</summary>
public sealed class ThreatModel
{
    private const string EmbeddedName = "Alerts.Core.Threats.Model.en.json";

    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = false,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public ThreatModel(ThreatModelParameters parameters, string version)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var features = 2 * parameters.EmbeddingDimensions + parameters.Signals.Count;
        if (parameters.Weights.Length != features || parameters.Means.Length != features || parameters.Scales.Length != features)
        {
            throw new InvalidDataException($"Threat model has {parameters.Weights.Length} weights for {features} features.");
        }

        if (parameters.Stack is { } stack && (stack.Length != (parameters.Neural is null ? 3 : 4) + 1 || parameters.LexicalIndices is null || parameters.LexicalWeights is null
            || parameters.LexicalIndices.Length != parameters.LexicalWeights.Length))
        {
            throw new InvalidDataException("Threat model's lexical part or stack is malformed.");
        }

        if (parameters.LevelCuts is { Length: not 3 } || parameters.CheapStack is { Length: not 3 } || (parameters.CheapStack is not null && parameters.LexicalIndices is null))
        {
            throw new InvalidDataException("Threat model's level cuts or encoder gate are malformed.");
        }

        if (!parameters.Signals.SequenceEqual(ThreatReading.SignalNames, StringComparer.Ordinal))
        {
            throw new InvalidDataException("Threat model was trained on other rule signals; retrain it with `train`.");
        }

        Parameters = parameters;
        Version = version;
    }

    public ThreatModelParameters Parameters { get; }

    /// <summary>First 12 hex digits of the SHA-256 of the model file; stored with every statement.</summary>
    public string Version { get; }

    public static byte[] Serialize(ThreatModelParameters parameters) => JsonSerializer.SerializeToUtf8Bytes(parameters, JsonOptions);

    public static ThreatModel FromBytes(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var parameters = JsonSerializer.Deserialize<ThreatModelParameters>(bytes, JsonOptions)
            ?? throw new InvalidDataException("Threat model file is empty.");
        return new ThreatModel(parameters, VersionOf(bytes));
    }

    public static ThreatModel FromParameters(ThreatModelParameters parameters) => FromBytes(Serialize(parameters));

    /// <summary>The model compiled into Alerts.Core (from <c>seeds/threat-model/en.json</c>).</summary>
    public static ThreatModel LoadEmbedded()
    {
        using var stream = typeof(ThreatModel).Assembly.GetManifestResourceStream(EmbeddedName)
            ?? throw new InvalidDataException($"Embedded threat model '{EmbeddedName}' is missing.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return FromBytes(buffer.ToArray());
    }

    public static string VersionOf(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes))[..12];

    /// <summary>The uncalibrated score (log-odds) of one feature vector.</summary>
    public double Logit(ReadOnlySpan<double> features)
    {
        var p = Parameters;
        var sum = p.Bias;
        for (var i = 0; i < features.Length; i++)
        {
            sum += p.Weights[i] * ((features[i] - p.Means[i]) / p.Scales[i]);
        }

        return sum;
    }

    /// <summary>Calibrated probability that the statement is a threat.</summary>
    public double Probability(ReadOnlySpan<double> features) => Calibrate(Logit(features));

    /// <summary>Calibrated probability from the strongest of a text's views (see <see cref="ThreatFeatures.Views"/>).</summary>
    public double Probability(IReadOnlyList<double[]> views)
    {
        ArgumentNullException.ThrowIfNull(views);
        var best = double.NegativeInfinity;
        foreach (var view in views)
        {
            best = Math.Max(best, Logit(view));
        }

        return Calibrate(best);
    }

    /// <summary>
    /// Calibrated probability from everything the judge knows of a text: its views' embeddings, its hashed
    /// words and whether the rules fired. Without a stack, the embedding model's alone.
    /// </summary>
    internal double Probability(IReadOnlyList<double[]> views, SparseVector lexical, bool rulesThreat)
    {
        ArgumentNullException.ThrowIfNull(views);
        var best = double.NegativeInfinity;
        foreach (var view in views)
        {
            best = Math.Max(best, Logit(view));
        }

        var p = Parameters;
        if (p.Stack is not { } stack)
        {
            return Calibrate(best);
        }

        double[] inputs = p.Neural is null
            ? [best, LexicalLogit(lexical), rulesThreat ? 1 : 0]
            : [best, LexicalLogit(lexical), rulesThreat ? 1 : 0, NeuralLogit(views)];
        return Sigmoid(Stack(stack, inputs));
    }

    /// <summary>
    /// The probability from the cheap scorers alone (words and rules), or null when the model has no gate.
    /// Below <see cref="ThreatModelParameters.Gate"/> the judge calls the text routine without encoding it.
    /// </summary>
    internal double? CheapProbability(SparseVector lexical, bool rulesThreat) =>
        Parameters.CheapStack is { } cheap
            ? Sigmoid(Stack(cheap, [LexicalLogit(lexical), rulesThreat ? 1 : 0]))
            : null;

    /// <summary>True when the cheap scorers are sure enough the text is routine that the encoder need not run.</summary>
    internal bool SkipsEncoder(SparseVector lexical, bool rulesThreat) =>
        !rulesThreat && CheapProbability(lexical, rulesThreat) is { } p && p < Parameters.Gate;

    /// <summary>The neural head's log-odds: its strongest view's, on the standardised features.</summary>
    internal double NeuralLogit(IReadOnlyList<double[]> views)
    {
        var p = Parameters;
        var best = double.NegativeInfinity;
        var row = new float[p.Means.Length];
        foreach (var view in views)
        {
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = (float)((view[i] - p.Means[i]) / p.Scales[i]);
            }

            best = Math.Max(best, NeuralHead.Logit(p.Neural!, row));
        }

        return best;
    }

    /// <summary>The lexical model's log-odds for one text's hashed words.</summary>
    internal double LexicalLogit(SparseVector lexical) =>
        Parameters.LexicalIndices is { } indices && Parameters.LexicalWeights is { } weights
            ? SparseLogisticRegression.Dot(lexical, indices, weights) + Parameters.LexicalBias
            : 0;

    /// <summary>The meta-model's log-odds: its weights over the inputs, then its bias (the last weight).</summary>
    internal static double Stack(double[] stack, double[] inputs)
    {
        var z = stack[^1];
        for (var i = 0; i < inputs.Length; i++)
        {
            z += stack[i] * inputs[i];
        }

        return z;
    }

    public double Calibrate(double logit) => Sigmoid(Parameters.PlattA * logit + Parameters.PlattB);

    /// <summary>
    /// A flagged statement's severity (1-100): through the level cuts where the model has them (so a level means the
    /// precision it was cut for), else the probability in percent.
    /// </summary>
    public int Severity(double probability) =>
        Parameters.LevelCuts is { } cuts
            ? ThreatLevels.Severity(probability, Parameters.ModelThreshold, cuts)
            : (int)Math.Round(100 * probability);

    public bool Decide(double probability, bool rulesThreat) =>
        probability >= Parameters.Threshold || (rulesThreat && string.Equals(Parameters.Mode, ThreatDecisionModes.RulesOrModel, StringComparison.Ordinal));

    /// <summary>The category whose training threats' mean embedding lies closest (cosine) to this statement's.</summary>
    public string NearestCategory(ReadOnlySpan<double> meanEmbedding)
    {
        var best = ThreatCategories.NonspecificWarning;
        var bestScore = double.NegativeInfinity;
        foreach (var (category, centroid) in Parameters.Centroids.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            double dot = 0;
            double norm = 0;
            for (var i = 0; i < centroid.Length && i < meanEmbedding.Length; i++)
            {
                dot += centroid[i] * meanEmbedding[i];
                norm += meanEmbedding[i] * meanEmbedding[i];
            }

            var score = norm == 0 ? 0 : dot / Math.Sqrt(norm);
            if (score > bestScore)
            {
                bestScore = score;
                best = category;
            }
        }

        return best;
    }

    internal static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));
}
