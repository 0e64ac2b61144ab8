using Alerts.Core.Threats;

namespace Alerts.Core.Tests.Threats;

/// <summary>The cross-validated figures split by the collection each statement came from (dev-set, corpus passes).</summary>
public sealed class ThreatCrossValidationReport_Collections
{
    [Fact]
    public void EachCollectionGetsItsOwnOutOfFoldRowSoADevSetWeaknessIsNotHiddenByThePool()
    {
        CrossValidatedOutcome Outcome(string id, bool threat, bool judged)
        {
            var statement = new LabelledStatement(id, "text of " + id, threat, threat ? "military_force" : null, SourceUrl: "https://example.com/" + id);
            var example = new ThreatTrainingExample(statement, ThreatCorpus.GroupOf(statement), null, false, null, false, SparseVector.Empty, 0);
            return new CrossValidatedOutcome(example, 0, judged ? 0.9 : 0.1, judged, judged, judged, null, "model", Level: judged ? ThreatLevel.High : ThreatLevel.None);
        }

        List<CrossValidatedOutcome> outcomes =
        [
            Outcome("dev-001", threat: true, judged: true),
            Outcome("dev-002", threat: false, judged: true),
            Outcome("dev-003", threat: false, judged: false),
            Outcome("tci-0001", threat: true, judged: true),
            Outcome("tci-0002", threat: true, judged: true),
            Outcome("tci-0003", threat: false, judged: false),
        ];

        var report = ThreatCrossValidationReport.Render([.. outcomes.Select(o => o.Example)], outcomes, [], 5, 11, "data", "rules");

        // dev: one threat found, one false alarm out of two routine statements; tci: both threats, no false alarm.
        Assert.Contains("| dev | 3 | 1 | 0.500 | 1.000 | 0.667 | 0.500 |", report, StringComparison.Ordinal);
        Assert.Contains("| tci | 3 | 2 | 1.000 | 1.000 | 1.000 | 0.000 |\n\n", report.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal("tci", ThreatCrossValidationReport.CollectionOf("tci-0042"));
        Assert.Equal("(no prefix)", ThreatCrossValidationReport.CollectionOf("written"));
    }
}
