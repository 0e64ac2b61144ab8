using Alerts.Core.Threats;

namespace Alerts.Core.Tests.Threats;

public sealed class ThreatAnalyzer_Seed
{
    [Fact]
    public void FlagsCrushingResponseAsThreatWithEvidenceSpan()
    {
        const string text = "Asif warned that Pakistan's response would be \"crushing.\"";
        var analysis = new ThreatAnalyzer().Analyze(text);

        Assert.True(analysis.Threat);
        var evidence = Assert.Single(analysis.Evidence);
        Assert.Equal("crushing", text[evidence.Start..evidence.End]);
    }

    [Fact]
    public void StaysQuietOnRoutinePressLine()
    {
        var analysis = new ThreatAnalyzer().Analyze("The minister met the trade delegation to discuss cooperation.");

        Assert.False(analysis.Threat);
        Assert.Equal(ThreatLevel.None, analysis.Level);
    }
}
