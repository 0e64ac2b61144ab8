using System.CommandLine;
using System.Text.Json;
using Alerts.Core.Configuration;
using Alerts.Core.Threats;

namespace Alerts.Cli.Commands;

/// <summary>
/// <c>classify [FILE|-] [--official NAME]</c> prints one analysis as JSON;
/// <c>classify --jsonl FILE|-</c> reads <c>{"id","text","official"?}</c> lines and writes one result line each.
/// </summary>
internal sealed class ClassifyCommand(IThreatAnalyzer? analyzer = null) : ICliCommand
{
    // Built on first use, so listing or running other commands never loads rules or the model; it reads
    // the same setting as the functions, so ops can try a rules file with the CLI before deploying it.
    private readonly Lazy<IThreatAnalyzer> _analyzer = new(() =>
        analyzer ?? ThreatJudge.FromSetting(Environment.GetEnvironmentVariable(AlertsNames.Settings.ThreatRulesPath)));

    public Command Create(CliConsole console)
    {
        var file = new Argument<string?>("FILE|-") { Description = "The text to judge (default: standard input)", Arity = ArgumentArity.ZeroOrOne };
        var official = new Option<string?>("--official") { Description = "The official the text is by; only their words count", HelpName = "NAME" };
        var jsonl = new Option<string?>("--jsonl") { Description = "Judge {\"id\",\"text\",\"official\"?} lines instead; one result line each", HelpName = "FILE|-" };
        var command = new Command("classify", "Threat analysis as JSON") { file, official, jsonl };
        command.SetAction((result, ct) => RunAsync(result.GetValue(file), result.GetValue(official), result.GetValue(jsonl), console, ct));
        return command;
    }

    private async Task<int> RunAsync(string? file, string? official, string? jsonl, CliConsole console, CancellationToken cancellationToken)
    {
        try
        {
            if (jsonl is not null)
            {
                if (jsonl == "-")
                {
                    return await ClassifyLinesAsync(console.In, console, cancellationToken);
                }

                using var reader = new StreamReader(jsonl);
                return await ClassifyLinesAsync(reader, console, cancellationToken);
            }

            var text = file is null or "-"
                ? await console.In.ReadToEndAsync(cancellationToken)
                : await File.ReadAllTextAsync(file, cancellationToken);
            var speaker = official is null ? null : new SpeakerContext(official, []);
            await console.Out.WriteLineAsync(ThreatAnalysisJson.Serialize(_analyzer.Value.Analyze(text, speaker)));
            return 0;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or InvalidDataException)
        {
            await console.Error.WriteLineAsync($"classify: {e.Message}");
            return 1;
        }
    }

    private async Task<int> ClassifyLinesAsync(TextReader reader, CliConsole console, CancellationToken cancellationToken)
    {
        var lineNumber = 0;
        var failed = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (!TryParse(line, out var id, out var text, out var official, out var problem))
            {
                failed++;
                await console.Error.WriteLineAsync($"classify: line {lineNumber}: {problem}");
                continue;
            }

            var speaker = official is null ? null : new SpeakerContext(official, []);
            await console.Out.WriteLineAsync(ThreatAnalysisJson.Serialize(_analyzer.Value.Analyze(text, speaker), id));
        }

        if (failed > 0)
        {
            await console.Error.WriteLineAsync($"classify: {failed} line(s) failed.");
        }

        return failed > 0 ? 1 : 0;
    }

    private static bool TryParse(string line, out string id, out string text, out string? official, out string problem)
    {
        id = text = problem = string.Empty;
        official = null;
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problem = "expected a JSON object with \"id\" and \"text\".";
                return false;
            }

            if (!root.TryGetProperty("id", out var idElement) || idElement.ValueKind != JsonValueKind.String)
            {
                problem = "\"id\" is missing or not a string.";
                return false;
            }

            if (!root.TryGetProperty("text", out var textElement) || textElement.ValueKind != JsonValueKind.String)
            {
                problem = "\"text\" is missing or not a string.";
                return false;
            }

            id = idElement.GetString()!;
            text = textElement.GetString()!;
            if (root.TryGetProperty("official", out var officialElement) && officialElement.ValueKind == JsonValueKind.String)
            {
                official = officialElement.GetString();
            }

            return true;
        }
        catch (JsonException e)
        {
            problem = $"not valid JSON ({e.Message})";
            return false;
        }
    }
}
