using Alerts.Core.Threats;

namespace Alerts.Core.Tests.Threats;

/// <summary>Levels as precision choices: each cut is where out-of-fold precision reaches the level's target.</summary>
public sealed class ThreatLevels_Cuts
{
    [Fact]
    public void EachLevelStartsAtTheLowestScoreThatKeepsItsPrecision()
    {
        // From the top: 20 threats, then one false alarm every few threats, ever more often.
        var probabilities = new List<double>();
        var labels = new List<bool>();
        var p = 0.99;
        void Add(bool threat)
        {
            probabilities.Add(p);
            labels.Add(threat);
            p -= 0.005;
        }

        for (var i = 0; i < 38; i++)
        {
            Add(true);
        }

        Add(false); // top 39: precision 0.974
        for (var i = 0; i < 3; i++)
        {
            Add(true);
        }

        Add(false); // top 43: 0.953
        Add(false); // top 44: 0.932
        Add(false); // top 45: 0.911
        Add(false); // top 46: 0.891
        Add(false); // top 47: 0.872
        Add(false); // top 48: 0.854
        Add(false); // top 49: 0.837
        Add(false); // top 50: 0.820

        var cuts = ThreatLevels.Choose(probabilities, labels, threshold: 0.5);

        double Precision(double cut) =>
            probabilities.Select((x, i) => (x, i)).Where(t => t.x >= cut).Average(t => labels[t.i] ? 1.0 : 0.0);
        int Count(double cut) => probabilities.Count(x => x >= cut);
        Assert.Equal(48, Count(cuts[0])); // medium: 0.85
        Assert.Equal(45, Count(cuts[1])); // high: 0.90
        Assert.Equal(43, Count(cuts[2])); // critical: 0.95
        Assert.True(Precision(cuts[1]) >= 0.90);
    }

    [Fact]
    public void EachCutLandsOnTheFirstSeverityOfItsLevel()
    {
        double[] cuts = [0.6, 0.7, 0.9];

        Assert.Equal(ThreatLevel.Low, ThreatAnalyzer.LevelOf(ThreatLevels.Severity(0.5, 0.5, cuts)));
        Assert.Equal(ThreatLevel.Low, ThreatAnalyzer.LevelOf(ThreatLevels.Severity(0.599, 0.5, cuts)));
        Assert.Equal(30, ThreatLevels.Severity(0.6, 0.5, cuts));
        Assert.Equal(55, ThreatLevels.Severity(0.7, 0.5, cuts));
        Assert.Equal(ThreatLevel.High, ThreatAnalyzer.LevelOf(ThreatLevels.Severity(0.899, 0.5, cuts)));
        Assert.Equal(80, ThreatLevels.Severity(0.9, 0.5, cuts));
        Assert.Equal(100, ThreatLevels.Severity(1.0, 0.5, cuts));
    }

    [Fact]
    public void ALevelNoScoreReachesStaysEmpty()
    {
        // A false alarm on top, then nine threats: precision never passes 0.90, so critical is cut at 1
        // and nothing below certainty is critical; medium and high hold from the threshold up.
        double[] probabilities = [0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.6, 0.55, 0.52];
        bool[] labels = [false, true, true, true, true, true, true, true, true, true];

        var cuts = ThreatLevels.Choose(probabilities, labels, threshold: 0.5);

        Assert.Equal([0.5, 0.5], cuts[..2]);
        Assert.Equal(1.0, cuts[2]);
        Assert.Equal(ThreatLevel.High, ThreatAnalyzer.LevelOf(ThreatLevels.Severity(0.99, 0.5, [cuts[0], cuts[1], cuts[2]])));
    }
}
