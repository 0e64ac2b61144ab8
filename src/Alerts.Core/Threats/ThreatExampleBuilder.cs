namespace Alerts.Core.Threats;

/// <summary>
/// Reads labelled statements the way the judge reads text and encodes every distinct sentence once, so a
/// cross-validation with dozens of fits encodes the corpus a single time.
/// </summary>
internal sealed class ThreatExampleBuilder(ThreatAnalyzer rules, ISentenceEmbedder embedder)
{
    private const int Batch = 32;

    public List<ThreatTrainingExample> Build(IReadOnlyList<LabelledStatement> statements, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(statements);
        var readings = statements.Select(s => ThreatReading.Read(rules, s.Text)).ToList();
        var unique = readings.Where(r => r is not null).SelectMany(r => r!.Sentences).Select(s => s.EncoderText)
            .Distinct(StringComparer.Ordinal).ToList();
        var vectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        for (var start = 0; start < unique.Count; start += Batch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = unique.GetRange(start, Math.Min(Batch, unique.Count - start));
            var encoded = embedder.Embed(batch, cancellationToken);
            for (var i = 0; i < batch.Count; i++)
            {
                vectors[batch[i]] = encoded[i];
            }

            if (progress is not null && (start / Batch) % 20 == 0)
            {
                progress($"encoded {Math.Min(start + Batch, unique.Count)}/{unique.Count} sentences");
            }
        }

        var keywords = new KeywordBaseline();
        var examples = new List<ThreatTrainingExample>(statements.Count);
        for (var i = 0; i < statements.Count; i++)
        {
            examples.Add(Example(statements[i], readings[i], s => vectors[s], embedder.Dimensions, keywords));
        }

        return WordingGroups.Join(examples);
    }

    /// <summary>
    /// One statement as the trainer sees it, from its reading and its sentences' vectors (<paramref name="vectorOf"/>
    /// maps a sentence's encoder text to its embedding), so any source of vectors builds the same example.
    /// </summary>
    internal static ThreatTrainingExample Example(LabelledStatement statement, ThreatReading? reading, Func<string, float[]> vectorOf, int dimensions, KeywordBaseline keywords)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(vectorOf);
        ArgumentNullException.ThrowIfNull(keywords);
        var views = reading is null || reading.Sentences.Count == 0
            ? null
            : ThreatFeatures.Views([.. reading.Sentences.Select(s => vectorOf(s.EncoderText))], reading.Signals, dimensions);
        return new ThreatTrainingExample(
            statement,
            ThreatCorpus.GroupOf(statement),
            views,
            reading?.Rules.Threat ?? false,
            reading is { Rules.Categories.Count: > 0 } ? reading.Rules.Categories[0] : null,
            keywords.Analyze(statement.Text).Threat,
            reading is null ? SparseVector.Empty : LexicalFeatures.Of([.. reading.Sentences.Select(s => s.EncoderText)]),
            reading?.Rules.Threat == true ? reading.Rules.Severity : 0);
    }
}
