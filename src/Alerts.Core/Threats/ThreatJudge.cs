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

    public ThreatAnalysis Analyze(string text, SpeakerContext? speaker = null) => AnalyzeMany([new ThreatInput(text, speaker)])[0];

    /// <summary>
    /// Judges several texts with one encoder call for all their sentences: the encoder's fixed cost per call (graph
    /// run, tensors, tokeniser set-up) is paid once per batch instead of once per statement.
    /// </summary>
    public IReadOnlyList<ThreatAnalysis> AnalyzeMany(IReadOnlyList<ThreatInput> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var results = new ThreatAnalysis[inputs.Count];
        var pending = new List<(int Index, string Language, ThreatReading Reading, SparseVector Lexical, int First)>();
        var sentences = new List<string>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var (text, speaker) = inputs[i];
            ArgumentNullException.ThrowIfNull(text);
            var language = LanguageDetector.Detect(text);
            if (!_rules.TryGetRules(language, out var compiled))
            {
                // "und" is text with no words to read: judged none. Any other language without rules is not read at all.
                results[i] = language == LanguageDetector.Undetermined ? ThreatAnalysis.None(Version, language) : ThreatAnalysis.NotJudged(Version, language);
                continue;
            }

            var reading = ThreatReading.Read(text, speaker, _rules, compiled, _rules.Analyze(text, speaker));
            if (reading.Sentences.Count == 0)
            {
                results[i] = ThreatAnalysis.None(Version, language);
                continue;
            }

            // The cascade: where the words and rules are sure the text is routine, the encoder
            // (most of the judge's cost) never runs; the gate was cut in training to lose almost no threats.
            var texts = reading.Sentences.Select(s => s.EncoderText).ToList();
            var lexical = LexicalFeatures.Of(texts);
            if (_model.SkipsEncoder(lexical, reading.Rules.Threat))
            {
                results[i] = ThreatAnalysis.None(Version, language);
                continue;
            }

            pending.Add((i, language, reading, lexical, sentences.Count));
            sentences.AddRange(texts);
        }

        if (pending.Count > 0)
        {
            var embeddings = EmbedByLength(sentences);
            foreach (var (index, language, reading, lexical, first) in pending)
            {
                results[index] = Judge(inputs[index].Text, reading, lexical, embeddings[first..(first + reading.Sentences.Count)], language);
            }
        }

        return results;
    }

    /// <summary>How many sentences go to the encoder in one call: large enough to pay its fixed cost once for many, small enough that padding stays short.</summary>
    public const int EncoderBatch = 32;

    /// <summary>
    /// Encodes in calls of up to <see cref="EncoderBatch"/> sentences of similar length: the encoder pads every sentence
    /// of a call to the longest, so one long sentence would otherwise make the whole batch pay for its length.
    /// </summary>
    private float[][] EmbedByLength(List<string> sentences)
    {
        if (sentences.Count <= 1)
        {
            return _embedder.Embed(sentences);
        }

        var order = Enumerable.Range(0, sentences.Count).OrderBy(i => sentences[i].Length).ToArray();
        var embeddings = new float[sentences.Count][];
        for (var start = 0; start < order.Length; start += EncoderBatch)
        {
            var chunk = order.AsSpan(start, Math.Min(EncoderBatch, order.Length - start)).ToArray();
            var encoded = _embedder.Embed([.. chunk.Select(i => sentences[i])]);
            for (var j = 0; j < chunk.Length; j++)
            {
                embeddings[chunk[j]] = encoded[j];
            }
        }

        return embeddings;
    }

    private ThreatAnalysis Judge(string text, ThreatReading reading, SparseVector lexical, float[][] embeddings, string language)
    {
        var dimensions = _model.Parameters.EmbeddingDimensions;
        var views = ThreatFeatures.Views(embeddings, reading.Signals, dimensions);
        var probability = _model.Probability(views, lexical, reading.Rules.Threat);
        if (!_model.Decide(probability, reading.Rules.Threat))
        {
            return ThreatAnalysis.None(Version, language);
        }

        var modelSeverity = _model.Severity(probability);
        if (reading.Rules.Threat)
        {
            var severity = Math.Clamp(Math.Max(modelSeverity, reading.Rules.Severity), 1, 100);
            return reading.Rules with { Severity = severity, Level = ThreatAnalyzer.LevelOf(severity), AnalyzerVersion = Version };
        }

        var category = _model.NearestCategory(views[0].AsSpan(0, dimensions));
        var texts = reading.Sentences.Select(s => s.EncoderText).ToList();
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
