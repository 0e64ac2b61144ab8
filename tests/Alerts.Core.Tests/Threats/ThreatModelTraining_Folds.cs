using Alerts.Core.Threats;

namespace Alerts.Core.Tests.Threats;

/// <summary>Training and cross-validation on a small slice: grouping, written statements kept out of figures, same data same bytes.</summary>
public sealed class ThreatModelTraining_Folds : IDisposable
{
    private static readonly ThreatAnalyzer Rules = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("threat-train-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void QuotesFromOnePageNeverStraddleFolds()
    {
        var groups = Enumerable.Range(0, 90).Select(i => (string?)("page-" + (i / 3))).Append(null).ToList();

        var folds = GroupedFolds.Assign(groups, 5, seed: 11);

        for (var i = 0; i < 90; i += 3)
        {
            Assert.Equal(folds[i], folds[i + 1]);
            Assert.Equal(folds[i], folds[i + 2]);
        }

        Assert.Equal(-1, folds[^1]);
        Assert.Equal(5, folds.Where(f => f >= 0).Distinct().Count());
    }

    [Fact]
    public void PagesDifferingOnlyInSchemeQueryOrAmpAreOneGroup()
    {
        var a = new LabelledStatement("a", "x", true, null, SourceUrl: "https://www.example.com/news/story?utm=1");
        var b = new LabelledStatement("b", "y", true, null, SourceUrl: "http://example.com/amp/news/story/");

        Assert.Equal(ThreatCorpus.GroupOf(a), ThreatCorpus.GroupOf(b));
    }

    [Fact]
    public void OneQuoteReportedOnTwoPagesPutsBothPagesInOneGroupAndLeavesOtherWordsAlone()
    {
        const string quote = "Any attack on our ships in the strait will be answered with a crushing response against the bases it came from.";
        ThreatTrainingExample Example(string id, string text, string url, bool real = true)
        {
            var statement = new LabelledStatement(id, text, true, null, SourceUrl: url, Real: real);
            return new ThreatTrainingExample(statement, ThreatCorpus.GroupOf(statement), null, false, null, false, SparseVector.Empty, 0);
        }

        var joined = WordingGroups.Join(
        [
            Example("a", quote, "https://outlet-b.example/2"),
            Example("b", "The minister said: " + quote.Replace("crushing", "decisive", StringComparison.Ordinal), "https://outlet-a.example/1"),
            Example("c", "The cabinet also approved the new budget for rural schools and hospitals.", "https://outlet-b.example/2"),
            Example("d", "The ports will reopen on Monday after the storm has passed and the roads are cleared.", "https://outlet-c.example/3"),
            Example("w", quote, "https://outlet-d.example/4", real: false),
        ]);

        // The smaller page key names the joined group, whatever the order of the files.
        Assert.Equal(["outlet-a.example/1", "outlet-a.example/1", "outlet-a.example/1", "outlet-c.example/3", "outlet-d.example/4"], joined.Select(e => e.Group));
    }

    [Fact]
    public void CorpusKeepsOneCopyOfATextAndMarksWrittenStatementsNotReal()
    {
        var real = Path.Combine(_folder, "part-a.jsonl");
        var written = Path.Combine(_folder, "written.jsonl");
        File.WriteAllLines(real,
        [
            """{"id":"r1","text":"We will strike back.","label":"threat","category":"military_force","source_url":"https://a.example/1","origin":"real"}""",
            """{"id":"r2","text":"We will  strike back!","label":"threat","category":"military_force","source_url":"https://a.example/2","origin":"real"}""",
            """{"id":"r3","text":"Talks went well.","label":"none","source_url":"https://a.example/3"}""",
        ]);
        File.WriteAllLines(written, ["""{"id":"w1","text":"They will regret it.","label":"threat"}"""]);

        var data = ThreatCorpus.Load(ThreatCorpus.Expand([Path.Combine(_folder, "*.jsonl")]));

        Assert.Equal(["r1", "r3", "w1"], data.Statements.Select(s => s.Id).Order(StringComparer.Ordinal));
        Assert.Equal(1, data.Duplicates);
        Assert.False(data.Statements.Single(s => s.Id == "w1").Real);
        Assert.True(data.Statements.Single(s => s.Id == "r3").Real);
        Assert.Equal(data.DataVersion, ThreatCorpus.Load([written, real]).DataVersion);
    }

    [Fact]
    public void LinesThatCouldNotBeFoundAgainNeitherTrainNorMeasure()
    {
        var file = Path.Combine(_folder, "part-f.jsonl");
        File.WriteAllLines(file,
        [
            """{"id":"f1","text":"We will strike back.","label":"threat","source_url":"https://a.example/1","origin":"real","verified":"source"}""",
            """{"id":"f2","text":"They will pay dearly.","label":"threat","source_url":"https://a.example/2","origin":"real","verified":"notfound"}""",
            """{"id":"f3","text":"Talks went well.","label":"none","source_url":"https://a.example/3","origin":"real","verified":"paraphrase"}""",
            """{"id":"f4","text":"The visit was useful.","label":"none","source_url":"https://a.example/4","origin":"real","verified":"other"}""",
        ]);

        var data = ThreatCorpus.Load([file]);

        Assert.Equal(["f1", "f4"], data.Statements.Select(s => s.Id));
        Assert.Equal(2, data.Unverified);
    }

    [Fact]
    public void SameDataAndSeedGiveTheSameModelBytes()
    {
        var data = ThreatCorpus.Load([WriteSlice()]);

        var first = ThreatModelTraining.Train(data, Rules, new HashingEmbedder(), new ThreatTrainingSettings(CrossValidate: false), cancellationToken: TestContext.Current.CancellationToken);
        var second = ThreatModelTraining.Train(data, Rules, new HashingEmbedder(), new ThreatTrainingSettings(CrossValidate: false), cancellationToken: TestContext.Current.CancellationToken);
        var otherSeed = ThreatModelTraining.Train(data, Rules, new HashingEmbedder(), new ThreatTrainingSettings(Seed: 12, CrossValidate: false), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(first.ModelBytes, second.ModelBytes);
        Assert.Equal(first.Model.Version, second.Model.Version);
        Assert.NotEqual(first.Model.Version, otherSeed.Model.Version);
        Assert.Equal(data.DataVersion, first.Model.Parameters.DataVersion);
    }

    [Fact]
    public void EachSentenceIsEncodedOnceForAWholeCrossValidation()
    {
        var data = ThreatCorpus.Load([WriteSlice()]);
        var embedder = new HashingEmbedder();

        ThreatModelTraining.CrossValidate(data, Rules, embedder, new ThreatTrainingSettings(Folds: 3, LearningCurve: false), cancellationToken: TestContext.Current.CancellationToken);

        // About 50 distinct sentences, encoded in batches of 32: two calls, however many fits follow.
        Assert.Equal(2, embedder.Calls);
    }

    [Fact]
    public void CrossValidatedReportCountsOnlyRealStatementsAndShowsTheBaselines()
    {
        var data = ThreatCorpus.Load([WriteSlice()]);

        var report = ThreatModelTraining.CrossValidate(data, Rules, new HashingEmbedder(), new ThreatTrainingSettings(Folds: 3), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Contains("40 real statements (20 threat, 20 none)", report, StringComparison.Ordinal);
        Assert.Contains("8 written statements were used for training only", report, StringComparison.Ordinal);
        Assert.Contains("keyword baseline", report, StringComparison.Ordinal);
        Assert.Contains("rules only", report, StringComparison.Ordinal);
        Assert.Contains("false-alarm rate", report, StringComparison.Ordinal);
        Assert.Contains("| 25 % |", report, StringComparison.Ordinal);
        Assert.Contains("| conditional |", report, StringComparison.Ordinal);
    }

    [Fact]
    public void ThresholdTakesTheBestF1ThatKeepsPrecisionAtEightyPercent()
    {
        // Flagging the top 5 keeps precision 0.80 and reaches F1 0.89; the top 3 (precision 1.0) only 0.86.
        double[] probabilities = [0.95, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3];
        bool[] labels = [true, true, true, false, true, false, false, false];

        var (threshold, _) = ThreatModelTrainer.ChooseThreshold(probabilities, labels);

        var flagged = probabilities.Select((p, i) => (p, i)).Where(x => x.p >= threshold).ToList();
        var precision = flagged.Count(x => labels[x.i]) / (double)flagged.Count;
        Assert.Equal(0.80, ThreatModelTrainer.TargetPrecision);
        Assert.True(precision >= ThreatModelTrainer.TargetPrecision, $"threshold {threshold}, precision {precision}");
        Assert.Equal(5, flagged.Count);
    }

    [Fact]
    public void TrainedModelStacksTheEmbeddingWordAndNetworkModelsAndReloadsToTheSameScores()
    {
        var data = ThreatCorpus.Load([WriteSlice()]);

        var result = ThreatModelTraining.Train(data, Rules, new HashingEmbedder(), new ThreatTrainingSettings(CrossValidate: false), cancellationToken: TestContext.Current.CancellationToken);

        var p = result.Model.Parameters;
        Assert.NotNull(p.Stack);
        Assert.Equal(5, p.Stack.Length); // embedding, words, rules, network, bias
        Assert.NotNull(p.Neural);
        Assert.Equal(p.Means.Length * p.Neural.Hidden, p.Neural.W1.Length);
        Assert.NotNull(p.LexicalIndices);
        Assert.NotEmpty(p.LexicalIndices);
        Assert.Equal(p.LexicalIndices.Length, p.LexicalWeights!.Length);
        Assert.True(p.LexicalIndices.SequenceEqual(p.LexicalIndices.Order()), "lexical buckets are stored in ascending order");
        var reloaded = ThreatModel.FromBytes(result.ModelBytes);
        var words = LexicalFeatures.Of(["They will regret this bitterly."]);
        Assert.Equal(result.Model.LexicalLogit(words), reloaded.LexicalLogit(words));
        Assert.NotEqual(0, reloaded.LexicalLogit(words));
    }

    [Fact]
    public void TrainedModelCarriesLevelCutsAboveItsThresholdAndACheapGate()
    {
        var data = ThreatCorpus.Load([WriteSlice()]);

        var p = ThreatModelTraining.Train(data, Rules, new HashingEmbedder(), new ThreatTrainingSettings(CrossValidate: false), cancellationToken: TestContext.Current.CancellationToken).Model.Parameters;

        Assert.NotNull(p.LevelCuts);
        Assert.Equal(3, p.LevelCuts.Length);
        Assert.True(p.LevelCuts[0] >= p.ModelThreshold && p.LevelCuts[1] >= p.LevelCuts[0] && p.LevelCuts[2] >= p.LevelCuts[1], string.Join(", ", p.LevelCuts));
        Assert.NotNull(p.CheapStack);
        Assert.Equal(3, p.CheapStack.Length); // words, rules, bias
        Assert.InRange(p.Gate, 0, 1);
    }

    [Fact]
    public void CrossValidatedReportGivesTheGateAndEachMinimumLevel()
    {
        var data = ThreatCorpus.Load([WriteSlice()]);

        var report = ThreatModelTraining.CrossValidate(data, Rules, new HashingEmbedder(), new ThreatTrainingSettings(Folds: 3, LearningCurve: false), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Contains("| judge without the encoder gate |", report, StringComparison.Ordinal);
        Assert.Contains("Encoder gate: the cheap scorers", report, StringComparison.Ordinal);
        foreach (var level in new[] { "low", "medium", "high", "critical" })
        {
            Assert.Contains($"| {level} |", report, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void HashedWordsAreLowerCasedPairedWithinASentenceAndScaledToUnitLength()
    {
        var both = LexicalFeatures.Of(["We WILL strike.", "They regret it?"]);
        var lower = LexicalFeatures.Of(["we will strike.", "they regret it?"]);
        var first = LexicalFeatures.Of(["We will strike."]);
        var withoutSecond = LexicalFeatures.Of(["We will strike.", "They regret it?"], skip: 1);

        Assert.Equal(lower.Indices, both.Indices);
        Assert.Equal(first.Indices, withoutSecond.Indices);
        Assert.True(both.Indices.SequenceEqual(both.Indices.Order()), "indices ascend");
        Assert.Equal(1.0, both.Values.Sum(v => (double)v * v), 5);

        // 3 words + 4 pairs (with the sentence edges) in the first; 4 tokens ("?" is one) + 5 pairs in the second.
        Assert.Equal(16, both.Indices.Length);
    }

    private string WriteSlice() => WriteSlice(_folder);

    /// <summary>20 threats and 20 routine lines over 20 pages, plus 8 written statements.</summary>
    internal static string WriteSlice(string folder)
    {
        string[] threats =
        [
            "We will destroy their bases if they attack again.", "Our forces will strike the enemy without mercy.",
            "They will pay a heavy price for this aggression.", "We will impose sanctions on every firm involved.",
            "Any ship entering the strait will be sunk.", "We will cut off their gas supplies this winter.",
            "The protesters will be crushed by the police.", "If talks fail, only war remains.",
            "We will retaliate with full force.", "Our missiles will find them wherever they hide.",
        ];
        string[] routine =
        [
            "The minister met the trade delegation to discuss cooperation.", "Talks on the harbour project went well.",
            "We condemn the attack on the embassy.", "The budget will fund new schools next year.",
            "Flood relief reached three provinces.", "The two leaders agreed to meet again in spring.",
            "Our army defends the border and threatens no one.", "He recalled the war of 1971 in his speech.",
            "The ministry released the harvest figures.", "Will they attack? We do not know.",
        ];
        var lines = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var page = $"https://news.example/{i / 2}";
            var hard = i % 4 == 0 ? "\"conditional\"" : "null";
            lines.Add($$"""{"id":"t{{i}}","text":"{{threats[i % 10].TrimEnd('.')}} in region {{i}}.","label":"threat","category":"military_force","source_url":"{{page}}","hard_case":{{hard}},"origin":"real"}""");
            lines.Add($$"""{"id":"n{{i}}","text":"{{routine[i % 10].TrimEnd('.')}} in region {{i}}.","label":"none","category":null,"source_url":"{{page}}x","hard_case":{{hard}},"origin":"real"}""");
        }

        for (var i = 0; i < 8; i++)
        {
            lines.Add($$"""{"id":"w{{i}}","text":"{{(i % 2 == 0 ? threats[i] : routine[i]).TrimEnd('.')}} on day {{i}}.","label":"{{(i % 2 == 0 ? "threat" : "none")}}"}""");
        }

        var path = Path.Combine(folder, "slice.jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }
}
