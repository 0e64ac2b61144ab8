using Alerts.Core.Threats;

namespace Alerts.FineTune;

/// <summary>
/// One fold of the judge's grouped cross-validation, scored as <c>eval --cv</c> scores it (the stacked
/// probability, the decision and the encoder gate): the judge's own trainer (every choice made inside the
/// training part) fitted on the training examples, then the fold's real held-out statements scored.
/// </summary>
internal static class FoldScorer
{
    /// <summary>Trains on the examples outside the fold and scores the fold's examples.</summary>
    public static List<CrossValidatedOutcome> Score(List<ThreatTrainingExample> examples, int[] assigned, int fold, int seed) =>
        Score(examples, [examples], assigned, fold, seed);

    /// <summary>
    /// Trains on <paramref name="train"/> (the examples outside the fold) and scores each held-out statement by
    /// the mean probability over <paramref name="tests"/> (the same statements embedded by different encoders).
    /// </summary>
    public static List<CrossValidatedOutcome> Score(List<ThreatTrainingExample> train, IReadOnlyList<List<ThreatTrainingExample>> tests, int[] assigned, int fold, int seed)
    {
        var fit = Enumerable.Range(0, train.Count).Where(i => assigned[i] != fold).Select(i => train[i]).ToList();
        var model = ThreatModel.FromParameters(ThreatModelTrainer.Train(fit, MiniLmSentenceEmbedder.EncoderName, MiniLmTorch.Hidden, seed, "cross-validation"));
        var parameters = model.Parameters;
        var outcomes = new List<CrossValidatedOutcome>();
        for (var i = 0; i < train.Count; i++)
        {
            if (assigned[i] != fold)
            {
                continue;
            }

            var e = tests[0][i];
            if (!e.Readable)
            {
                outcomes.Add(new CrossValidatedOutcome(e, fold, 0, false, false, false, null, parameters.Mode));
                continue;
            }

            var p = tests.Average(t => model.Probability(t[i].Views!, t[i].Lexical, t[i].RulesThreat));
            outcomes.Add(new CrossValidatedOutcome(
                e, fold, p, model.Decide(p, e.RulesThreat), p >= parameters.ModelThreshold, e.RulesThreat || p >= parameters.CombinedThreshold, null, parameters.Mode,
                model.SkipsEncoder(e.Lexical, e.RulesThreat)));
        }

        return outcomes;
    }

    public static string Line(string name, IEnumerable<CrossValidatedOutcome> outcomes)
    {
        var list = outcomes.ToList();
        var s = ThreatCrossValidationReport.Score(list, o => o.Gated);
        var falseAlarms = s.FalsePositives / (double)Math.Max(1, s.FalsePositives + s.TrueNegatives);
        return FormattableString.Invariant(
            $"{name}: judge P {s.Precision:0.000} R {s.Recall:0.000} F1 {s.F1:0.000} FA {falseAlarms:0.000} (TP {s.TruePositives} FP {s.FalsePositives} FN {s.FalseNegatives} TN {s.TrueNegatives})");
    }
}
