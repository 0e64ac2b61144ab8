using System.Globalization;
using Alerts.Core.Feedback;
using Alerts.Core.Statements;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Cli.Commands;

/// <summary>
/// <c>feedback list | export [--out FILE]</c>: subscribers' verdicts on alerts and the statements they say we
/// missed. The export is JSONL for a person to review (each line <c>"review": "pending"</c>); nothing feeds
/// it into training, and <c>eval FILE --feedback EXPORT</c> reports the judge's agreement with it.
/// </summary>
internal sealed class FeedbackCommand : ICliCommand
{
    public string Name => "feedback";

    public string Usage => "feedback list|export [--out FILE.jsonl]   subscriber feedback on alerts, exported for review";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        if (args.Count == 0 || args[0] is not ("list" or "export"))
        {
            await console.Error.WriteLineAsync("usage: " + Usage);
            return 2;
        }

        await using var session = await StorageCommandContext.OpenAsync(StorageCommandContext.ConnectionOption(args), cancellationToken);
        return await RunAsync(args, console, session.Services, cancellationToken);
    }

    internal static async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, IServiceProvider services, CancellationToken cancellationToken)
    {
        var entries = await services.GetRequiredService<FeedbackStore>().ListAsync(cancellationToken);
        if (args[0] == "list")
        {
            await console.Out.WriteLineAsync($"{"AT",-17} {"KIND",-8} {"FEEDBACK",-15} {"JUDGE",-9} {"OFFICIAL",-24} STATEMENT / TEXT");
            foreach (var e in entries)
            {
                var what = e.Kind == FeedbackStore.MissedKind ? Short(e.Text) : e.StatementId;
                var verdict = e.Verdict is { } v ? FeedbackVerdicts.ToValue(v) : "missed";
                var judge = e.Kind == FeedbackStore.MissedKind ? "-" : e.JudgeThreat ? e.JudgeLevel : "none";
                await console.Out.WriteLineAsync($"{e.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),-17} {e.Kind,-8} {verdict,-15} {judge,-9} {e.OfficialId,-24} {what}");
            }

            await console.Out.WriteLineAsync($"{entries.Count} feedback entr{(entries.Count == 1 ? "y" : "ies")}.");
            return 0;
        }

        var statements = services.GetRequiredService<StatementStore>();
        var lines = new List<string>(entries.Count);
        foreach (var entry in entries)
        {
            var statement = entry.StatementId is null ? null : await statements.GetAsync(entry.StatementId, cancellationToken);
            lines.Add(FeedbackExportLine.From(entry, statement).ToJson());
        }

        var output = OptionValue(args, "--out");
        if (output is null)
        {
            foreach (var line in lines)
            {
                await console.Out.WriteLineAsync(line);
            }
        }
        else
        {
            await File.WriteAllLinesAsync(output, lines, cancellationToken);
            await console.Out.WriteLineAsync($"Wrote {lines.Count} line(s) to {output} for review (\"review\": \"pending\"); nothing goes into training from here.");
        }

        return 0;
    }

    private static string? OptionValue(IReadOnlyList<string> args, string name)
    {
        var index = args.ToList().IndexOf(name);
        return index >= 0 && index + 1 < args.Count ? args[index + 1] : null;
    }

    private static string Short(string? text)
    {
        var line = (text ?? "").ReplaceLineEndings(" ");
        return line.Length <= 80 ? line : line[..79] + "\u2026";
    }
}
