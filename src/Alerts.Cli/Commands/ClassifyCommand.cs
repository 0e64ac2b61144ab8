using Alerts.Core.Threats;

namespace Alerts.Cli.Commands;

/// <summary><c>classify [FILE|-] [--official NAME]</c> prints one analysis as JSON.</summary>
internal sealed class ClassifyCommand(IThreatAnalyzer? analyzer = null) : ICliCommand
{
    private readonly IThreatAnalyzer _analyzer = analyzer ?? new ThreatAnalyzer();

    public string Name => "classify";

    public string Usage => "classify [FILE|-] [--official NAME] [--jsonl FILE|-]   threat analysis as JSON";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        string? official = null;
        string? file = null;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--official" && i + 1 < args.Count)
            {
                official = args[++i];
            }
            else
            {
                file = args[i];
            }
        }

        var text = file is null or "-"
            ? await console.In.ReadToEndAsync(cancellationToken)
            : await File.ReadAllTextAsync(file, cancellationToken);
        var speaker = official is null ? null : new SpeakerContext(official, []);
        await console.Out.WriteLineAsync(ThreatAnalysisJson.Serialize(_analyzer.Analyze(text, speaker)));
        return 0;
    }
}
