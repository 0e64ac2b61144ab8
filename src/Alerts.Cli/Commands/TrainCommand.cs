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
    public string Name => "train";

    public string Usage => "train [--out DIR] [--seed N] [--folds K] [--no-cv] [--no-curve] [--embedding-cache FILE] FILE|GLOB...   train the threat model (default out: seeds/threat-model)";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        if (!TrainingArguments.TryParse(args, out var parsed, out var problem))
        {
            await console.Error.WriteLineAsync($"train: {problem}");
            return 2;
        }

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
        var command = "alerts train " + string.Join(' ', args);
        var card = ThreatModelTraining.ModelCard(result, data, (clock ?? TimeProvider.System).GetUtcNow(), command);
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

/// <summary>The options <c>train</c> and <c>eval --cv</c> share.</summary>
internal sealed record TrainingArguments(IReadOnlyList<string> Patterns, ThreatTrainingSettings Settings, string? Out, string? EmbeddingCache = null)
{
    /// <summary>The encoder, behind the vector cache file when one was named.</summary>
    public ISentenceEmbedder Embedder(ISentenceEmbedder encoder) =>
        EmbeddingCache is null ? encoder : new CachedSentenceEmbedder(encoder, EmbeddingCache);

    public static bool TryParse(IReadOnlyList<string> args, out TrainingArguments parsed, out string problem)
    {
        var patterns = new List<string>();
        var settings = new ThreatTrainingSettings();
        string? outFolder = null;
        string? cache = null;
        parsed = new TrainingArguments([], settings, null);
        problem = string.Empty;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--cv" or "--with-official":
                    break;
                case "--no-cv":
                    settings = settings with { CrossValidate = false };
                    break;
                case "--no-curve":
                    settings = settings with { LearningCurve = false };
                    break;
                case "--seed" when i + 1 < args.Count && int.TryParse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture, out var seed):
                    settings = settings with { Seed = seed };
                    i++;
                    break;
                case "--folds" when i + 1 < args.Count && int.TryParse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture, out var folds) && folds >= 2:
                    settings = settings with { Folds = folds };
                    i++;
                    break;
                case "--out" when i + 1 < args.Count:
                    outFolder = args[++i];
                    break;
                case "--embedding-cache" when i + 1 < args.Count:
                    cache = args[++i];
                    break;
                case "--seed" or "--folds" or "--out" or "--embedding-cache":
                    problem = $"{args[i]} needs a value (--folds at least 2).";
                    return false;
                default:
                    patterns.Add(args[i]);
                    break;
            }
        }

        if (patterns.Count == 0)
        {
            problem = "name at least one labelled JSONL file or glob.";
            return false;
        }

        parsed = new TrainingArguments(patterns, settings, outFolder, cache);
        return true;
    }
}
