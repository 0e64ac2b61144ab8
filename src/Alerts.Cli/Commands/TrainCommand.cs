using System.CommandLine;
using Alerts.Core.Configuration;
using Alerts.Core.Threats;

namespace Alerts.Cli.Commands;

/// <summary>
/// <c>train [--out DIR] [--seed N] [--folds K] [--no-cv] FILE|GLOB...</c>: trains the learned threat judge on
/// labelled JSONL (dev-set format), cross-validates it, and writes <c>en.json</c> and <c>MODEL_CARD.md</c>.
/// Same files and seed give the same <c>en.json</c>, byte for byte.
/// </summary>
internal sealed class TrainCommand(ISentenceEmbedder? embedder = null, TimeProvider? clock = null) : ICliCommand
{
    public Command Create(CliConsole console)
    {
        var outFolder = new Option<string?>("--out") { Description = "Folder for en.json and MODEL_CARD.md (default: seeds/threat-model)", HelpName = "DIR" };
        var training = new TrainingOptions();
        var noCv = new Option<bool>("--no-cv") { Description = "Skip the cross-validation (no figures in the card)" };
        var patterns = new Argument<string[]>("FILE|GLOB") { Description = "Labelled JSONL files (dev-set format) or globs", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("train", "Train the threat model (default out: seeds/threat-model)")
        {
            outFolder, training.Seed, training.Folds, noCv, training.NoCurve, training.EmbeddingCache, patterns,
        };
        TrainingOptions.RequireFiles(command, patterns);
        command.SetAction((result, ct) => RunAsync(
            training.Read(result, result.GetRequiredValue(patterns), crossValidate: !result.GetValue(noCv), outFolder: result.GetValue(outFolder)),
            "alerts " + string.Join(' ', result.Tokens.Select(t => t.Value)),
            console,
            ct));
        return command;
    }

    private async Task<int> RunAsync(TrainingArguments parsed, string commandLine, CliConsole console, CancellationToken cancellationToken)
    {
        var files = ThreatCorpus.Expand(parsed.Patterns);
        var missing = files.Where(f => !File.Exists(f)).ToList();
        if (files.Count == 0 || missing.Count > 0)
        {
            await console.Error.WriteLineAsync($"train: no such file: {string.Join(", ", missing.DefaultIfEmpty(string.Join(' ', parsed.Patterns)))}");
            return 1;
        }

        var data = ThreatCorpus.Load(files);
        foreach (var line in data.Problems)
        {
            await console.Error.WriteLineAsync($"train: {line}");
        }

        var rules = ThreatAnalyzer.FromSetting(Environment.GetEnvironmentVariable(AlertsNames.Settings.ThreatRulesPath));
        var result = ThreatModelTraining.Train(
            data,
            rules,
            parsed.Embedder(embedder ?? MiniLmSentenceEmbedder.Shared),
            parsed.Settings,
            message => console.Error.WriteLine($"train: {message}"),
            cancellationToken);
        var outFolder = parsed.Out ?? Path.Combine("seeds", "threat-model");
        Directory.CreateDirectory(outFolder);
        await File.WriteAllBytesAsync(Path.Combine(outFolder, "en.json"), result.ModelBytes, cancellationToken);
        var card = ThreatModelTraining.ModelCard(result, data, (clock ?? TimeProvider.System).GetUtcNow(), commandLine);
        await File.WriteAllTextAsync(Path.Combine(outFolder, "MODEL_CARD.md"), card, cancellationToken);
        await console.Out.WriteLineAsync($"model {result.Model.Version} (data {data.DataVersion}, {result.RealStatements} real + {result.WrittenStatements} written statements) written to {outFolder}");
        if (result.Report is not null)
        {
            await console.Out.WriteLineAsync();
            await console.Out.WriteAsync(result.Report);
        }

        return data.Problems.Count > 0 ? 1 : 0;
    }
}

/// <summary>What <c>train</c> and <c>eval --cv</c> read from their command lines.</summary>
internal sealed record TrainingArguments(IReadOnlyList<string> Patterns, ThreatTrainingSettings Settings, string? Out, string? EmbeddingCache = null)
{
    /// <summary>The encoder, behind the vector cache file when one was named.</summary>
    public ISentenceEmbedder Embedder(ISentenceEmbedder encoder) =>
        EmbeddingCache is null ? encoder : new CachedSentenceEmbedder(encoder, EmbeddingCache);
}

/// <summary>The options <c>train</c> and <c>eval --cv</c> share.</summary>
internal sealed class TrainingOptions
{
    private static readonly ThreatTrainingSettings Defaults = new();

    public Option<int> Seed { get; } = new("--seed") { Description = "Seed for the folds and the training", HelpName = "N", DefaultValueFactory = _ => Defaults.Seed };

    public Option<int> Folds { get; } = new("--folds")
    {
        Description = "Folds of the cross-validation",
        HelpName = "K",
        DefaultValueFactory = _ => Defaults.Folds,
        CustomParser = OptionValues.WholeNumber(2, int.MaxValue, "--folds takes 2 or more."),
    };

    public Option<bool> NoCurve { get; } = new("--no-curve") { Description = "Skip the learning curve" };

    public Option<string?> EmbeddingCache { get; } = new("--embedding-cache") { Description = "Keep sentence vectors in this file between runs", HelpName = "FILE" };

    /// <summary>Refuses a command line without files, in words that say what to give.</summary>
    public static void RequireFiles(Command command, Argument<string[]> patterns) =>
        command.Validators.Add(r =>
        {
            if (r.GetValue(patterns) is not { Length: > 0 })
            {
                r.AddError("name at least one labelled JSONL file or glob.");
            }
        });

    public TrainingArguments Read(ParseResult result, IReadOnlyList<string> patterns, bool crossValidate = true, string? outFolder = null) =>
        new(patterns, new ThreatTrainingSettings(result.GetValue(Seed), result.GetValue(Folds), crossValidate, !result.GetValue(NoCurve)), outFolder, result.GetValue(EmbeddingCache));
}
