using Alerts.Core.Threats;

namespace Alerts.Core.Tests.Threats;

/// <summary>Judging several statements together: one encoder call for all their sentences, the same verdicts as one by one.</summary>
public sealed class ThreatJudge_Batches
{
    private static readonly string[] Texts =
    [
        "They will pay a heavy price. The talks ended without a date for the next round.",
        "Talks on the harbour project went well. The minister thanked the delegation.",
        "We will cut off their gas supplies this winter if they do not withdraw.",
        "Flood relief reached three provinces. Officials praised the volunteers.",
        "Any attack on the port would be met with a crushing response, the minister said.",
        "The ministry announced a review of pension reform to be published in the spring.",
    ];

    [Fact]
    public void JudgesSeveralStatementsWithOneEncoderCall()
    {
        // Without its encoder gate, so the routine texts are encoded too (the gate has its own tests).
        var encoder = new CountingEmbedder(MiniLmSentenceEmbedder.Shared);
        var judge = new ThreatJudge(JudgeFixture.Judge.Rules, ThreatModel.FromParameters(JudgeFixture.Judge.Model.Parameters with { Gate = 0 }), encoder);

        judge.AnalyzeMany([.. Texts.Select(t => new ThreatInput(t))]);

        Assert.Equal(1, encoder.Calls);
        Assert.True(encoder.Sentences >= Texts.Length, $"{encoder.Sentences} sentences encoded");
    }

    [Fact]
    public void GivesEachStatementTheVerdictItGetsAlone()
    {
        var alone = Texts.Select(t => JudgeFixture.Judge.Analyze(t)).ToList();

        var together = JudgeFixture.Judge.AnalyzeMany([.. Texts.Select(t => new ThreatInput(t))]);

        Assert.Equal(alone.Select(a => (a.Threat, a.Level)), together.Select(a => (a.Threat, a.Level)));
        Assert.Equal(alone.Select(a => a.Evidence.Select(e => (e.Start, e.End)).ToList()), together.Select(a => a.Evidence.Select(e => (e.Start, e.End)).ToList()));
        Assert.All(alone.Zip(together), p => Assert.InRange(p.Second.Severity, p.First.Severity - 1, p.First.Severity + 1));
    }

    [Fact]
    public void KeepsTheOrderWhenSomeTextsAreNotRead()
    {
        ThreatInput[] inputs = [new("   "), new(Texts[2]), new("Die Verhandlungen wurden am Dienstag in Berlin fortgesetzt und verliefen ruhig."), new(Texts[1])];

        var results = JudgeFixture.Judge.AnalyzeMany(inputs);

        Assert.Equal(4, results.Count);
        Assert.Equal(JudgeFixture.Judge.Analyze(Texts[2]).Threat, results[1].Threat);
        Assert.False(results[3].Threat);
        Assert.Equal(JudgeFixture.Judge.Analyze(inputs[2].Text).Judged, results[2].Judged);
    }

    internal sealed class CountingEmbedder(ISentenceEmbedder inner) : ISentenceEmbedder
    {
        public int Calls { get; private set; }

        public int Sentences { get; private set; }

        public string Name => inner.Name;

        public int Dimensions => inner.Dimensions;

        public float[][] Embed(IReadOnlyList<string> sentences, CancellationToken cancellationToken = default)
        {
            Calls++;
            Sentences += sentences.Count;
            return inner.Embed(sentences, cancellationToken);
        }
    }
}
