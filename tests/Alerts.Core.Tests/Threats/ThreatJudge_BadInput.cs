using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Alerts.Core.Threats;

namespace Alerts.Core.Tests.Threats;

/// <summary>Whatever arrives, the judge answers with a verdict in the JSON contract, in bounded time.</summary>
public sealed class ThreatJudge_BadInput
{
    [Fact]
    public void EmptyTextIsNoThreat()
    {
        var analysis = JudgeFixture.Judge.Analyze(string.Empty);

        Assert.False(analysis.Threat);
        AssertContract(analysis);
    }

    [Fact]
    public void AMegabyteOfJunkIsJudgedQuickly()
    {
        var random = new Random(7);
        var builder = new StringBuilder(1_000_000);
        while (builder.Length < 1_000_000)
        {
            builder.Append((char)random.Next(0x21, 0x2FFF));
        }

        var watch = Stopwatch.StartNew();
        var analysis = JudgeFixture.Judge.Analyze(builder.ToString());

        AssertContract(analysis);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
    }

    [Fact]
    public void ControlCharactersDoNotBreakTheEncoder()
    {
        var analysis = JudgeFixture.Judge.Analyze("They will\u0000 pay\u0007 a heavy\u001b price.\u0085\u2028 We\tmean it.\uFFFF\uD800");

        AssertContract(analysis);
        Assert.True(analysis.Threat);
    }

    [Fact]
    public void NonEnglishTextKeepsTodaysBehaviour()
    {
        const string text = "Wir werden mit aller Härte antworten, wenn sie die Grenze überschreiten.";

        var analysis = JudgeFixture.Judge.Analyze(text);

        Assert.Equal(new ThreatAnalyzer().Analyze(text).Threat, analysis.Threat);
        Assert.Equal(new ThreatAnalyzer().Analyze(text).Language, analysis.Language);
        AssertContract(analysis);
    }

    [Fact]
    public void AHundredThousandCharacterStatementIsJudgedSentenceBySentenceInBoundedTime()
    {
        var builder = new StringBuilder();
        var sentence = 0;
        while (builder.Length < 100_000)
        {
            builder.Append("The committee discussed item ").Append(sentence++).Append(" of the budget and agreed to meet again. ");
        }

        var offset = builder.Length;
        builder.Append("If they attack, they will pay a heavy price.");
        var text = builder.ToString();

        var watch = Stopwatch.StartNew();
        var analysis = JudgeFixture.Judge.Analyze(text);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
        Assert.True(analysis.Threat);
        Assert.All(analysis.Evidence, e => Assert.True(e.Start >= offset));
        AssertContract(analysis);
    }

    private static void AssertContract(ThreatAnalysis analysis)
    {
        using var document = JsonDocument.Parse(ThreatAnalysisJson.Serialize(analysis));
        var root = document.RootElement;
        Assert.Equal(analysis.Threat, root.GetProperty("threat").GetBoolean());
        Assert.InRange(root.GetProperty("severity").GetInt32(), 0, 100);
        Assert.Contains(root.GetProperty("level").GetString(), new[] { "none", "low", "medium", "high", "critical" });
        Assert.Equal(analysis.Threat, analysis.Severity > 0);
    }
}
