namespace Alerts.Core.Threats;

/// <summary>
/// The threat judge the product runs: a model learned from labelled real statements decides, fed with
/// sentence embeddings and the rule engine's signals; the rules' spans stay the evidence where they fire,
/// and where the model alone decides, the sentence whose removal lowers the score most is the evidence
/// (rule <c>model</c>). Languages without rules are left unjudged, as the rule analyser does.
/// </summary>
public sealed class ThreatJudge : IThreatAnalyzer
{
    public const string ModelRule = "model";

    private readonly ThreatAnalyzer _rules;
    private readonly ThreatModel _model;
    private readonly ISentenceEmbedder _embedder;

    public ThreatJudge(ThreatAnalyzer rules, ThreatModel model, ISentenceEmbedder embedder)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(embedder);
        if (!string.Equals(model.Parameters.Encoder, embedder.Name, StringComparison.Ordinal) || model.Parameters.EmbeddingDimensions != embedder.Dimensions)
        {
            throw new InvalidDataException($"Threat model expects encoder {model.Parameters.Encoder}, not {embedder.Name}.");
        }

        _rules = rules;
        _model = model;
        _embedder = embedder;
        Version = $"{rules.Version}+model@{model.Version}";
    }

    /// <summary>Rules and model versions, e.g. <c>en@2026.11.25+model@3f2a9c1b07de</c>; stored with each statement.</summary>
    public string Version { get; }

    public ThreatAnalyzer Rules => _rules;

    public ThreatModel Model => _model;

    /// <summary>The embedded model and encoder over the rules at <paramref name="rulesPath"/> (or the embedded rules).</summary>
    public static ThreatJudge FromSetting(string? rulesPath) =>
        new(ThreatAnalyzer.FromSetting(rulesPath), ThreatModel.LoadEmbedded(), MiniLmSentenceEmbedder.Shared);

    public ThreatAnalysis Analyze(string text, SpeakerContext? speaker = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var language = LanguageDetector.Detect(text);
        if (!_rules.TryGetRules(language, out var compiled))
        {
            // "und" is text with no words to read: judged none. Any other language without rules is not read at all.
            return language == LanguageDetector.Undetermined ? ThreatAnalysis.None(Version, language) : ThreatAnalysis.NotJudged(Version, language);
        }

        var reading = ThreatReading.Read(text, speaker, _rules, compiled, _rules.Analyze(text, speaker));
        if (reading.Sentences.Count == 0)
        {
            return ThreatAnalysis.None(Version, language);
        }

        var embeddings = _embedder.Embed(reading.Sentences.Select(s => s.EncoderText).ToList());
        return Judge(text, reading, embeddings, language);
    }

    private ThreatAnalysis Judge(string text, ThreatReading reading, float[][] embeddings, string language)
    {
        var dimensions = _model.Parameters.EmbeddingDimensions;
        var views = ThreatFeatures.Views(embeddings, reading.Signals, dimensions);
        var texts = reading.Sentences.Select(s => s.EncoderText).ToList();
        var probability = _model.Probability(views, LexicalFeatures.Of(texts), reading.Rules.Threat);
        if (!_model.Decide(probability, reading.Rules.Threat))
        {
            return ThreatAnalysis.None(Version, language);
        }

        var modelSeverity = (int)Math.Round(100 * probability);
        if (reading.Rules.Threat)
        {
            var severity = Math.Clamp(Math.Max(modelSeverity, reading.Rules.Severity), 1, 100);
            return reading.Rules with { Severity = severity, Level = ThreatAnalyzer.LevelOf(severity), AnalyzerVersion = Version };
        }

        var category = _model.NearestCategory(views[0].AsSpan(0, dimensions));
        var sentence = reading.Sentences[DrivingSentence(embeddings, texts, reading, probability)];
        var (start, end) = Trim(text, sentence.Start, sentence.End);
        var evidence = new ThreatEvidence(start, end, text[start..end], category, ModelRule);
        var level = Math.Clamp(modelSeverity, 1, 100);
        return new ThreatAnalysis(true, level, ThreatAnalyzer.LevelOf(level), [category], [evidence], Version, language);
    }

    /// <summary>The sentence whose removal lowers the probability most: the one that makes this a threat.</summary>
    private int DrivingSentence(float[][] embeddings, List<string> texts, ThreatReading reading, double probability)
    {
        if (embeddings.Length < 2)
        {
            return 0;
        }

        var best = 0;
        var bestDrop = double.NegativeInfinity;
        for (var s = 0; s < embeddings.Length; s++)
        {
            var without = ThreatFeatures.Views(embeddings, reading.Signals, _model.Parameters.EmbeddingDimensions, skip: s);
            var drop = probability - _model.Probability(without, LexicalFeatures.Of(texts, skip: s), reading.Rules.Threat);
            if (drop > bestDrop)
            {
                bestDrop = drop;
                best = s;
            }
        }

        return best;
    }

    private static (int Start, int End) Trim(string text, int start, int end)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        return (start, end);
    }
}
