using System.CommandLine;
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
internal sealed class FeedbackCommand(StorageOpener? open = null) : ICliCommand
{
    private readonly StorageOpener _open = open ?? StorageCommandContext.OpenAsync;

    /// <summary>Runs <c>feedback ARGS...</c> on services the caller built and keeps.</summary>
    internal static Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, IServiceProvider services, CancellationToken cancellationToken) =>
        new FeedbackCommand(StorageCommandContext.Using(services)).RunAsync(args, console, cancellationToken);

    public Command Create(CliConsole console)
    {
        var connection = StorageCommandContext.ConnectionOption();
        var command = new Command("feedback", "Subscriber feedback on alerts: list it, or export it for review") { connection };

        var list = new Command("list", "Every verdict and missed-statement report");
        StorageCommandContext.SetAction(list, connection, _open, (_, services, ct) => ListAsync(console, services, ct));

        var outFile = new Option<string?>("--out") { Description = "Write the JSONL here instead of to standard output", HelpName = "FILE.jsonl" };
        var export = new Command("export", "JSONL for a person to review (each line \"review\": \"pending\"); nothing feeds it into training") { outFile };
        StorageCommandContext.SetAction(export, connection, _open, (result, services, ct) => ExportAsync(result.GetValue(outFile), console, services, ct));

        command.Subcommands.Add(list);
        command.Subcommands.Add(export);
        return command;
    }

    private static async Task<int> ListAsync(CliConsole console, IServiceProvider services, CancellationToken cancellationToken)
    {
        var entries = await services.GetRequiredService<FeedbackStore>().ListAsync(cancellationToken);
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

    private static async Task<int> ExportAsync(string? output, CliConsole console, IServiceProvider services, CancellationToken cancellationToken)
    {
        var entries = await services.GetRequiredService<FeedbackStore>().ListAsync(cancellationToken);
        var statements = services.GetRequiredService<StatementStore>();
        var lines = new List<string>(entries.Count);
        foreach (var entry in entries)
        {
            var statement = entry.StatementId is null ? null : await statements.GetAsync(entry.StatementId, cancellationToken);
            lines.Add(FeedbackExportLine.From(entry, statement).ToJson());
        }

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

    private static string Short(string? text)
    {
        var line = (text ?? "").ReplaceLineEndings(" ");
        return line.Length <= 80 ? line : line[..79] + "\u2026";
    }
}
