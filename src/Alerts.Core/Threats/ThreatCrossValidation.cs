using System.Globalization;
using System.Text;

namespace Alerts.Core.Threats;

/// <summary>One real statement's verdicts from the fold that held it out.</summary>
internal sealed record CrossValidatedOutcome(
    ThreatTrainingExample Example,
    int Fold,
    double Probability,
    bool Judge,
    bool ModelOnly,
    bool RulesOrModel,
    string? Category,
    string Mode,
    bool SkipsEncoder = false,
    ThreatLevel Level = ThreatLevel.None)
{
    /// <summary>The judge's verdict with the encoder gate: a statement the gate skips is routine.</summary>
    public bool Gated => Judge && !SkipsEncoder;
}

/// <summary>
/// Grouped k-fold cross-validation: each fold's pages are held out, a judge is trained on the rest (every
/// choice made inside that training part, see <see cref="ThreatModelTrainer"/>), and only real statements
/// are ever scored. Written statements join every training part and no test part.
/// </summary>
internal static class ThreatCrossValidation
{
    public static List<CrossValidatedOutcome> Run(
        IReadOnlyList<ThreatTrainingExample> examples,
        int folds,
        int seed,
        double fraction,
        string encoder,
        int dimensions,
        Action<string>? progress = null)
    {
        var groups = examples.Select(e => e.Real ? e.Group : null).ToList();
        var k = GroupedFolds.Usable(groups, folds);
        if (k < 2)
        {
            throw new InvalidDataException("Cross-validation needs real statements from at least two pages.");
        }

        var assigned = GroupedFolds.Assign(groups, k, seed);
        // Folds are independent fits: run them side by side (one per core) and join them in fold order, so the
        // outcomes are the same whatever finishes first.
        var perFold = new List<CrossValidatedOutcome>[k];
        var progressLock = new Lock();
        Parallel.For(0, k, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, f =>
        {
            var outcomes = perFold[f] = [];
            var train = Enumerable.Range(0, examples.Count).Where(i => assigned[i] != f).Select(i => examples[i]).ToList();
            if (fraction < 1)
            {
                train = Subsample(train, fraction, seed + f);
            }

            lock (progressLock)
            {
                progress?.Invoke(Invariant($"fold {f + 1}/{k}: training on {train.Count} statements ({fraction:P0} of the training part)"));
            }

            var model = ThreatModel.FromParameters(ThreatModelTrainer.Train(train, encoder, dimensions, seed, "cross-validation"));
            var parameters = model.Parameters;
            lock (progressLock)
            {
                progress?.Invoke(Invariant($"fold {f + 1}/{k}: chose L2 {parameters.Lambda}, words {parameters.LexicalLambda}; threshold {parameters.Threshold:0.###}, level cuts {string.Join(" / ", (parameters.LevelCuts ?? []).Select(c => c.ToString("0.###", CultureInfo.InvariantCulture)))}, gate {parameters.Gate:0.####}"));
            }

            for (var i = 0; i < examples.Count; i++)
            {
                if (assigned[i] != f)
                {
                    continue;
                }

                var e = examples[i];
                outcomes.Add(Outcome(model, e, f, e.Readable ? model.Probability(e.Views!, e.Lexical, e.RulesThreat) : 0, dimensions));
            }
        });

        return [.. perFold.SelectMany(o => o)];
    }

    /// <summary>
    /// A held-out statement's verdicts from its fold's model, given the probability the model gave it (the caller may
    /// have combined several, as the fine-tuning tool does); an unreadable statement is left unjudged.
    /// </summary>
    internal static CrossValidatedOutcome Outcome(ThreatModel model, ThreatTrainingExample e, int fold, double p, int dimensions)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(e);
        var parameters = model.Parameters;
        if (!e.Readable)
        {
            return new CrossValidatedOutcome(e, fold, 0, false, false, false, null, parameters.Mode);
        }

        var judge = model.Decide(p, e.RulesThreat);
        var category = e.RulesThreat ? e.RulesCategory : model.NearestCategory(e.Features!.AsSpan(0, dimensions));
        // The level as the judge gives it: the model's severity, raised to the rules' where they fire.
        var level = judge ? ThreatAnalyzer.LevelOf(Math.Clamp(Math.Max(model.Severity(p), e.RulesThreat ? e.RulesSeverity : 0), 1, 100)) : ThreatLevel.None;
        return new CrossValidatedOutcome(
            e, fold, p, judge, p >= parameters.ModelThreshold, e.RulesThreat || p >= parameters.CombinedThreshold, category, parameters.Mode,
            model.SkipsEncoder(e.Lexical, e.RulesThreat), level);
    }

    /// <summary>A share of the training part, whole pages at a time (written statements count as their own page).</summary>
    private static List<ThreatTrainingExample> Subsample(List<ThreatTrainingExample> train, double fraction, int seed)
    {
        var keys = train.Select(e => e.Real ? e.Group : "written:" + e.Statement.Id).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var random = new Random(seed);
        for (var i = keys.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (keys[i], keys[j]) = (keys[j], keys[i]);
        }

        var kept = keys.Take((int)Math.Ceiling(fraction * keys.Length)).ToHashSet(StringComparer.Ordinal);
        return train.Where(e => kept.Contains(e.Real ? e.Group : "written:" + e.Statement.Id)).ToList();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The cross-validated figures, as the Markdown that <c>eval --cv</c> prints and the model card holds.</summary>
internal static class ThreatCrossValidationReport
{
    public static string Render(
        IReadOnlyList<ThreatTrainingExample> examples,
        IReadOnlyList<CrossValidatedOutcome> full,
        IReadOnlyList<(double Fraction, IReadOnlyList<CrossValidatedOutcome> Outcomes)> curve,
        int folds,
        int seed,
        string dataVersion,
        string rulesVersion)
    {
        var md = new StringBuilder();
        var real = full.Count;
        var threats = full.Count(o => o.Example.Threat);
        var pages = full.Select(o => o.Example.Group).Distinct(StringComparer.Ordinal).Count();
        var written = examples.Count(e => !e.Real);
        var modes = full.GroupBy(o => (o.Fold, o.Mode)).Select(g => g.Key.Mode).GroupBy(m => m, StringComparer.Ordinal)
            .Select(g => $"{g.Key} in {g.Count()}").ToList();
        Line(md, $"Grouped {folds}-fold cross-validation (seed {seed}, data version `{dataVersion}`): {real} real statements ({threats} threat, {real - threats} none) from {pages} groups (a page, joined with the other pages that carry the same words: `WordingGroups`); a group's statements are always in the same fold. {written} written statements were used for training only and are in no figure. Every choice (L2 strengths, the stacking meta-model, calibration, threshold, decision mode) was made inside each training part, on out-of-fold scores of inner grouped folds; the decision mode chosen was {string.Join(", ", modes)} of the folds.");
        Line(md, string.Empty);
        Line(md, "| analyser | precision | recall | F1 | false-alarm rate on none | TP | FP | FN | TN |");
        Line(md, "|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        Row(md, "keyword baseline (warn\\|attack\\|war)", full, o => o.Example.KeywordThreat);
        Row(md, $"rules only ({rulesVersion})", full, o => o.Example.RulesThreat);
        Row(md, "model only", full, o => o.ModelOnly);
        Row(md, "rules OR model", full, o => o.RulesOrModel);
        Row(md, "judge without the encoder gate", full, o => o.Judge);
        Row(md, "**judge** (the shipped decision: encoder gate, then the stack)", full, o => o.Gated);
        Line(md, string.Empty);
        var none = full.Where(o => !o.Example.Threat).ToList();
        var skipped = full.Count(o => o.SkipsEncoder);
        Line(md, $"Encoder gate: the cheap scorers (words and rules) skip the encoder for {skipped} of {full.Count} statements ({Ratio(skipped, full.Count):P1}), {none.Count(o => o.SkipsEncoder)} of {none.Count} routine ones ({Ratio(none.Count(o => o.SkipsEncoder), none.Count):P1}); it drops {full.Count(o => o.Judge && !o.Gated && o.Example.Threat)} threats and {full.Count(o => o.Judge && !o.Gated && !o.Example.Threat)} false alarms the judge would flag without it.");
        Line(md, string.Empty);
        Line(md, "By minimum level (what a subscriber who picks that level gets; the judge with its gate, rules' severity included):");
        Line(md, string.Empty);
        Line(md, "| minimum level | precision | recall | F1 | false-alarm rate on none | TP | FP | FN | TN |");
        Line(md, "|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var level in new[] { ThreatLevel.Low, ThreatLevel.Medium, ThreatLevel.High, ThreatLevel.Critical })
        {
            Row(md, level.ToString().ToLowerInvariant(), full, o => o.Gated && o.Level >= level);
        }

        Line(md, string.Empty);

        Line(md, "Per labelled category (threats only): how many each analyser flags, and how often the judge names the labelled category first.");
        Line(md, string.Empty);
        Line(md, "| category | threats | keyword | rules | judge | judge category right |");
        Line(md, "|---|---:|---:|---:|---:|---:|");
        foreach (var category in ThreatCategories.All)
        {
            var members = full.Where(o => o.Example.Threat && o.Example.Statement.Category == category).ToList();
            if (members.Count == 0)
            {
                continue;
            }

            Line(md, $"| {category} | {members.Count} | {Share(members, o => o.Example.KeywordThreat)} | {Share(members, o => o.Example.RulesThreat)} | {Share(members, o => o.Gated)} | {Share(members, o => o.Gated && o.Category == category)} |");
        }

        Line(md, string.Empty);
        Line(md, "Per hard case: recall on the threats and false alarms on the none statements of each kind.");
        Line(md, string.Empty);
        Line(md, "| hard case | statements | threats: rules | threats: judge | none | none flagged: keyword | none flagged: rules | none flagged: judge |");
        Line(md, "|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var group in full.GroupBy(o => o.Example.Statement.HardCase ?? "(none)", StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var t = group.Where(o => o.Example.Threat).ToList();
            var n = group.Where(o => !o.Example.Threat).ToList();
            Line(md, $"| {group.Key} | {group.Count()} | {Share(t, o => o.Example.RulesThreat)} | {Share(t, o => o.Gated)} | {n.Count} | {Share(n, o => o.Example.KeywordThreat)} | {Share(n, o => o.Example.RulesThreat)} | {Share(n, o => o.Gated)} |");
        }

        Line(md, string.Empty);
        // The collections differ in how they were gathered (the dev-set by hand, later passes aimed at look-alikes), so
        // one pooled figure can hide a collection the judge does badly on. The dev-set row flatters the judge: the rule
        // phrases, whose signals are its features, were written against those statements.
        Line(md, "Per collection (the statement id's prefix: `dev` the dev-set, `tca` to `tci` the corpus passes): the judge on each, out of fold.");
        Line(md, string.Empty);
        Line(md, "| collection | statements | threats | precision | recall | F1 | false-alarm rate on none |");
        Line(md, "|---|---:|---:|---:|---:|---:|---:|");
        foreach (var group in full.GroupBy(o => CollectionOf(o.Example.Statement.Id), StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var s = Score(group, o => o.Gated);
            Line(md, $"| {group.Key} | {group.Count()} | {group.Count(o => o.Example.Threat)} | {s.Precision:0.000} | {s.Recall:0.000} | {s.F1:0.000} | {FalseAlarmRate(s):0.000} |");
        }

        Line(md, string.Empty);
        Line(md, "Learning curve: the same folds, each training part cut to a share of its pages.");
        Line(md, string.Empty);
        Line(md, "| training data | precision | recall | F1 | false-alarm rate |");
        Line(md, "|---|---:|---:|---:|---:|");
        foreach (var (fraction, outcomes) in curve.Append((1.0, full)).OrderBy(c => c.Item1))
        {
            var s = Score(outcomes, o => o.Gated);
            Line(md, $"| {fraction:P0} | {s.Precision:0.000} | {s.Recall:0.000} | {s.F1:0.000} | {FalseAlarmRate(s):0.000} |");
        }

        Line(md, string.Empty);
        var brier = full.Where(o => o.Example.Readable).Select(o => Math.Pow(o.Probability - (o.Example.Threat ? 1 : 0), 2)).DefaultIfEmpty(0).Average();
        Line(md, $"Calibration of the model's probability on held-out statements (Brier score {brier:0.000}):");
        Line(md, string.Empty);
        Line(md, "| probability | statements | mean probability | share that are threats |");
        Line(md, "|---|---:|---:|---:|");
        for (var b = 0; b < 5; b++)
        {
            var low = b * 0.2;
            var high = low + 0.2;
            var bin = full.Where(o => o.Example.Readable && o.Probability >= low && (o.Probability < high || (b == 4 && o.Probability <= 1))).ToList();
            if (bin.Count == 0)
            {
                continue;
            }

            Line(md, $"| {low:0.0}-{high:0.0} | {bin.Count} | {bin.Average(o => o.Probability):0.000} | {bin.Count(o => o.Example.Threat) / (double)bin.Count:0.000} |");
        }

        return md.ToString();
    }

    public static ThreatScore Score(IEnumerable<CrossValidatedOutcome> outcomes, Func<CrossValidatedOutcome, bool> predicted)
    {
        int tp = 0, fp = 0, fn = 0, tn = 0;
        foreach (var o in outcomes)
        {
            var p = predicted(o);
            tp += p && o.Example.Threat ? 1 : 0;
            fp += p && !o.Example.Threat ? 1 : 0;
            fn += !p && o.Example.Threat ? 1 : 0;
            tn += !p && !o.Example.Threat ? 1 : 0;
        }

        return new ThreatScore(tp, fp, fn, tn);
    }

    private static double Ratio(int part, int whole) => whole == 0 ? 0 : (double)part / whole;

    /// <summary>The collection a statement came from: its id up to the last hyphen (<c>tci-0042</c> is <c>tci</c>).</summary>
    public static string CollectionOf(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var cut = id.LastIndexOf('-');
        return cut > 0 ? id[..cut] : "(no prefix)";
    }

    public static double FalseAlarmRate(ThreatScore s) => s.FalsePositives + s.TrueNegatives == 0 ? 0 : (double)s.FalsePositives / (s.FalsePositives + s.TrueNegatives);

    private static void Row(StringBuilder md, string name, IReadOnlyList<CrossValidatedOutcome> outcomes, Func<CrossValidatedOutcome, bool> predicted)
    {
        var s = Score(outcomes, predicted);
        Line(md, $"| {name} | {s.Precision:0.000} | {s.Recall:0.000} | {s.F1:0.000} | {FalseAlarmRate(s):0.000} | {s.TruePositives} | {s.FalsePositives} | {s.FalseNegatives} | {s.TrueNegatives} |");
    }

    private static string Share(List<CrossValidatedOutcome> items, Func<CrossValidatedOutcome, bool> predicate) =>
        items.Count == 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{items.Count(predicate)}/{items.Count}");

    private static void Line(StringBuilder md, FormattableString text) => md.Append(text.ToString(CultureInfo.InvariantCulture)).Append('\n');

    private static void Line(StringBuilder md, string text) => md.Append(text).Append('\n');
}
