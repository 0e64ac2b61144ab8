using Alerts.Core.Threats;

namespace Alerts.Core.Tests.Threats;

/// <summary>The encoder gate: text the cheap scorers call routine never reaches the encoder; rule hits always do.</summary>
public sealed class ThreatJudge_Cascade : IDisposable
{
    private const string Routine = "The ministry released the harvest figures for the northern provinces.";
    private const string RulesThreat = "We will destroy their bases if they attack again.";

    private static readonly ThreatAnalyzer Rules = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("threat-cascade-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void BelowTheGateRoutineTextIsJudgedWithoutTheEncoder()
    {
        var (model, embedder) = Train();
        var judge = new ThreatJudge(Rules, ThreatModel.FromParameters(model.Parameters with { Gate = 1.0 }), embedder);

        var verdict = judge.Analyze(Routine);

        Assert.False(verdict.Threat);
        Assert.Equal(0, embedder.Calls);
    }

    [Fact]
    public void WithoutAGateEveryTextIsEncoded()
    {
        var (model, embedder) = Train();
        var judge = new ThreatJudge(Rules, ThreatModel.FromParameters(model.Parameters with { Gate = 0 }), embedder);

        judge.Analyze(Routine);

        Assert.Equal(1, embedder.Calls);
    }

    [Fact]
    public void TextTheRulesFlagIsAlwaysEncoded()
    {
        Assert.True(Rules.Analyze(RulesThreat).Threat);
        var (model, embedder) = Train();
        var judge = new ThreatJudge(Rules, ThreatModel.FromParameters(model.Parameters with { Gate = 1.0 }), embedder);

        judge.Analyze(RulesThreat);

        Assert.Equal(1, embedder.Calls);
    }

    [Fact]
    public void TheShippedJudgeSkipsTheEncoderForPlainRoutineTextAndStillEncodesAThreat()
    {
        var encoder = new ThreatJudge_Batches.CountingEmbedder(MiniLmSentenceEmbedder.Shared);
        var judge = new ThreatJudge(JudgeFixture.Judge.Rules, JudgeFixture.Judge.Model, encoder);

        var routine = judge.Analyze("The minister opened a new school in the northern district on Tuesday.");

        Assert.False(routine.Threat);
        Assert.Equal(0, encoder.Calls);
        Assert.True(judge.Analyze("We will cut off their gas supplies this winter if they do not withdraw.").Threat);
        Assert.Equal(1, encoder.Calls);
    }

    [Fact]
    public void GateIsTheHighestCutThatLosesAtMostHalfAPercentOfTheFlaggedThreats()
    {
        // 400 threats (all flagged by the full judge) and 400 routine texts; cheap scores: routine 0.00-0.40,
        // threats 0.02 and up. Half a percent of 400 is 2: the gate may pass the two lowest threats but not a third.
        var cheap = new List<double>();
        var labels = new List<bool>();
        for (var i = 0; i < 400; i++)
        {
            cheap.Add(i / 1000.0);
            labels.Add(false);
            cheap.Add(0.0205 + (i / 1000.0));
            labels.Add(true);
        }

        var rules = cheap.Select(_ => false).ToArray();

        var gate = ThreatModelTrainer.ChooseGate(cheap, rules, labels, labels);

        Assert.Equal(2, cheap.Where((c, i) => labels[i] && c < gate).Count());
        Assert.True(cheap.Where((c, i) => labels[i]).Order().ElementAt(2) > gate, $"gate {gate}");
        // Threats the full judge misses anyway are no loss: with none flagged, the gate passes everything.
        Assert.True(ThreatModelTrainer.ChooseGate(cheap, rules, labels, [.. labels.Select(_ => false)]) > 0.42);
    }

    private (ThreatModel Model, HashingEmbedder Embedder) Train()
    {
        var data = ThreatCorpus.Load([ThreatModelTraining_Folds.WriteSlice(_folder)]);
        var model = ThreatModelTraining.Train(data, Rules, new HashingEmbedder(), new ThreatTrainingSettings(CrossValidate: false), cancellationToken: TestContext.Current.CancellationToken).Model;
        return (model, new HashingEmbedder());
    }
}
