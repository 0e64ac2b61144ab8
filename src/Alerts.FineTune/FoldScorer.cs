using Alerts.Core.Threats;

namespace Alerts.FineTune;

/// <summary>
/// One fold of the judge's grouped cross-validation (as <c>eval --cv</c> runs it): the existing head (logistic
/// regression on embeddings and rule signals, every choice made inside the training part) trained on the
/// fold's training part, then its real held-out statements scored.
/// </summary>
internal static class FoldScorer
{
    public static List<CrossValidatedOutcome> Score(List<ThreatTrainingExample> examples, int[] assigned, int fold, int seed)
    {
        var train = Enumerable.Range(0, examples.Count).Where(i => assigned[i] != fold).Select(i => examples[i]).ToList();
        var model = ThreatModel.FromParameters(ThreatModelTrainer.Train(train, MiniLmSentenceEmbedder.EncoderName, MiniLmTorch.Hidden, seed, "cross-validation"));
        var parameters = model.Parameters;
        var outcomes = new List<CrossValidatedOutcome>();
        for (var i = 0; i < examples.Count; i++)
        {
            if (assigned[i] != fold)
            {
                continue;
            }

            var e = examples[i];
            if (!e.Readable)
            {
                outcomes.Add(new CrossValidatedOutcome(e, fold, 0, false, false, false, null, parameters.Mode));
                continue;
            }

            var p = model.Probability(e.Views!);
            outcomes.Add(new CrossValidatedOutcome(
                e, fold, p, model.Decide(p, e.RulesThreat), p >= parameters.ModelThreshold, e.RulesThreat || p >= parameters.CombinedThreshold, null, parameters.Mode));
        }

        return outcomes;
    }

    public static string Line(string name, IEnumerable<CrossValidatedOutcome> outcomes)
    {
        var s = ThreatCrossValidationReport.Score(outcomes, o => o.Judge);
        var m = ThreatCrossValidationReport.Score(outcomes, o => o.ModelOnly);
        return FormattableString.Invariant(
            $"{name}: judge P {s.Precision:0.000} R {s.Recall:0.000} F1 {s.F1:0.000} (TP {s.TruePositives} FP {s.FalsePositives} FN {s.FalseNegatives} TN {s.TrueNegatives}); model only F1 {m.F1:0.000} P {m.Precision:0.000}");
    }
}
