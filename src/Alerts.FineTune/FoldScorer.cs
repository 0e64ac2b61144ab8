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
        return [.. Enumerable.Range(0, train.Count).Where(i => assigned[i] == fold).Select(i => ThreatCrossValidation.Outcome(
            model,
            tests[0][i],
            fold,
            tests[0][i].Readable ? tests.Average(t => model.Probability(t[i].Views!, t[i].Lexical, t[i].RulesThreat)) : 0,
            MiniLmTorch.Hidden))];
    }

    public static string Line(string name, IEnumerable<CrossValidatedOutcome> outcomes)
    {
        var s = ThreatCrossValidationReport.Score(outcomes, o => o.Gated);
        var falseAlarms = ThreatCrossValidationReport.FalseAlarmRate(s);
        return FormattableString.Invariant(
            $"{name}: judge P {s.Precision:0.000} R {s.Recall:0.000} F1 {s.F1:0.000} FA {falseAlarms:0.000} (TP {s.TruePositives} FP {s.FalsePositives} FN {s.FalseNegatives} TN {s.TrueNegatives})");
    }
}
