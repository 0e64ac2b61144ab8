using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Alerts.Core.Configuration;
using Alerts.Core.Feedback;
using Alerts.Core.Officials;
using Alerts.Core.Threats;

namespace Alerts.Cli.Commands;

/// <summary>
/// <c>eval FILE.jsonl [--with-official]</c>: precision, recall and F1 of threat versus none over labelled
/// statements, per category, the misclassified ids, and the keyword baseline in the same report.
/// <c>eval --cv FILE|GLOB...</c>: the learned judge's grouped, nested cross-validation on real statements.
/// </summary>
internal sealed class EvalCommand(IThreatAnalyzer? analyzer = null, ISentenceEmbedder? embedder = null) : ICliCommand
{
    // Built on first use, so listing or running other commands never loads rules or the model; it reads
    // the same setting as the functions, so ops can try a rules file with the CLI before deploying it.
    private readonly Lazy<IThreatAnalyzer> _analyzer = new(() =>
        analyzer ?? ThreatJudge.FromSetting(Environment.GetEnvironmentVariable(AlertsNames.Settings.ThreatRulesPath)));

    public Command Create(CliConsole console)
    {
        var files = new Argument<string[]>("FILE.jsonl|GLOB")
        {
            Description = "Labelled statements (JSONL); with --cv, every labelled file or glob to cross-validate on",
            Arity = ArgumentArity.OneOrMore,
        };
        var withOfficial = new Option<bool>("--with-official") { Description = "Tell the analyser each statement's official, so attribution is measured too" };
        var feedback = new Option<string?>("--feedback") { Description = "Add the judge's agreement with this feedback export", HelpName = "EXPORT.jsonl" };
        var cv = new Option<bool>("--cv") { Description = "Cross-validate the learned judge instead (grouped, nested k-fold)" };
        var training = new TrainingOptions();
        var command = new Command("eval", "Precision/recall/F1 with a keyword baseline; --cv cross-validates the learned judge; --feedback adds agreement with subscribers' feedback")
        {
            files, withOfficial, feedback, cv, training.Folds, training.Seed, training.NoCurve, training.EmbeddingCache,
        };
        command.SetAction((result, ct) => result.GetValue(cv)
            ? CrossValidateAsync(training.Read(result, result.GetRequiredValue(files)), console, ct)
            : EvaluateAsync(result.GetRequiredValue(files), result.GetValue(withOfficial), result.GetValue(feedback), console, ct));
        return command;
    }

    private async Task<int> EvaluateAsync(string[] files, bool withOfficial, string? feedbackFile, CliConsole console, CancellationToken cancellationToken)
    {
        if (files is not [var file])
        {
            await console.Error.WriteLineAsync("eval: name one FILE.jsonl (several files or globs are for --cv).");
            return CliApp.UsageError;
        }

        if (!File.Exists(file))
        {
            await console.Error.WriteLineAsync($"eval: '{file}' does not exist.");
            return 1;
        }

        var statements = new List<LabelledStatement>();
        var failed = 0;
        var lineNumber = 0;
        foreach (var line in await File.ReadAllLinesAsync(file, cancellationToken))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (ThreatCorpus.TryParse(line, out var statement, out var problem))
            {
                statements.Add(withOfficial ? statement : statement with { Official = null });
            }
            else
            {
                failed++;
                await console.Error.WriteLineAsync($"eval: line {lineNumber}: {problem}");
            }
        }

        IThreatAnalyzer analyser;
        try
        {
            analyser = withOfficial ? new SpeakerAware(_analyzer.Value, statements) : _analyzer.Value;
        }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException or DirectoryNotFoundException)
        {
            await console.Error.WriteLineAsync($"eval: cannot load the threat rules: {e.Message}");
            return 1;
        }

        var ours = ThreatScorecard.Evaluate(analyser, statements);
        var baseline = ThreatScorecard.Evaluate(new KeywordBaseline(), statements);
        var rulesOnly = _analyzer.Value is ThreatJudge judge
            ? ThreatScorecard.Evaluate(withOfficial ? new SpeakerAware(judge.Rules, statements) : judge.Rules, statements)
            : null;
        await WriteReportAsync(console.Out, file, statements, ours, baseline, rulesOnly);
        if (feedbackFile is not null)
        {
            failed += await FeedbackSection.WriteAsync(console, feedbackFile, _analyzer.Value, cancellationToken);
        }

        return failed > 0 ? 1 : 0;
    }

    private async Task<int> CrossValidateAsync(TrainingArguments parsed, CliConsole console, CancellationToken cancellationToken)
    {
        var files = ThreatCorpus.Expand(parsed.Patterns);
        var missing = files.Where(f => !File.Exists(f)).ToList();
        if (files.Count == 0 || missing.Count > 0)
        {
            await console.Error.WriteLineAsync($"eval: no such file: {string.Join(", ", missing.DefaultIfEmpty(string.Join(' ', parsed.Patterns)))}");
            return 1;
        }

        var data = ThreatCorpus.Load(files);
        foreach (var line in data.Problems)
        {
            await console.Error.WriteLineAsync($"eval: {line}");
        }

        var rules = ThreatAnalyzer.FromSetting(Environment.GetEnvironmentVariable(AlertsNames.Settings.ThreatRulesPath));
        var report = ThreatModelTraining.CrossValidate(
            data, rules, parsed.Embedder(embedder ?? MiniLmSentenceEmbedder.Shared), parsed.Settings, m => console.Error.WriteLine($"eval: {m}"), cancellationToken);
        await console.Out.WriteAsync(report);
        return data.Problems.Count > 0 ? 1 : 0;
    }

    private static async Task WriteReportAsync(TextWriter output, string file, List<LabelledStatement> statements, ThreatScorecard ours, ThreatScorecard baseline, ThreatScorecard? rulesOnly)
    {
        var threats = statements.Count(s => s.Threat);
        await output.WriteLineAsync(Invariant($"Threat vs none on {file}: {statements.Count} statements ({threats} threat, {statements.Count - threats} none)"));
        await output.WriteLineAsync();
        await output.WriteLineAsync("analyser                        precision  recall     F1    TP  FP  FN  TN");
        await output.WriteLineAsync(Row(ours.AnalyzerVersion, ours.Score));
        if (rulesOnly is not null)
        {
            await output.WriteLineAsync(Row("rules only " + rulesOnly.AnalyzerVersion, rulesOnly.Score));
        }

        await output.WriteLineAsync(Row("keyword baseline (warn|attack|war)", baseline.Score));
        await output.WriteLineAsync();
        await output.WriteLineAsync("per category (analyser)         support  detected  category-first  predicted-first");
        foreach (var category in ours.Categories)
        {
            await output.WriteLineAsync(Invariant($"  {category.Category,-30}{category.Support,7}{category.Detected,10}{category.CategoryMatched,16}{category.PredictedAsCategory,17}"));
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync("misclassified (analyser)");
        await output.WriteLineAsync($"  false positives: {List(ours.FalsePositiveIds)}");
        await output.WriteLineAsync($"  false negatives: {List(ours.FalseNegativeIds)}");
        await output.WriteLineAsync("misclassified (keyword baseline)");
        await output.WriteLineAsync($"  false positives: {List(baseline.FalsePositiveIds)}");
        await output.WriteLineAsync($"  false negatives: {List(baseline.FalseNegativeIds)}");
    }

    private static string Row(string name, ThreatScore score) =>
        Invariant($"  {name,-30}{score.Precision,9:0.000}{score.Recall,8:0.000}{score.F1,7:0.000}{score.TruePositives,6}{score.FalsePositives,4}{score.FalseNegatives,4}{score.TrueNegatives,4}");

    private static string List(IReadOnlyList<string> ids) => ids.Count == 0 ? "(none)" : string.Join(' ', ids);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Hands each statement's official to the analyser, so attribution is measured too.</summary>
    private sealed class SpeakerAware(IThreatAnalyzer inner, List<LabelledStatement> statements) : IThreatAnalyzer
    {
        private readonly Dictionary<string, string?> _officialByText = statements
            .GroupBy(s => s.Text, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Official, StringComparer.Ordinal);

        public string Version => inner.Version + " (with official)";

        public ThreatAnalysis Analyze(string text, SpeakerContext? speaker = null) =>
            inner.Analyze(text, _officialByText.GetValueOrDefault(text) is { } official ? new SpeakerContext(official, []) : speaker);
    }
}
