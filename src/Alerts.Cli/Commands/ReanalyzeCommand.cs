using System.CommandLine;
using Alerts.Core.Officials;
using Alerts.Core.Statements;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Cli.Commands;

/// <summary><c>reanalyze [--all] [--connection CONN]</c>: re-judge stored statements after the rules change.</summary>
internal sealed class ReanalyzeCommand(StorageOpener? open = null) : ICliCommand
{
    private readonly StorageOpener _open = open ?? StorageCommandContext.OpenAsync;

    public Command Create(CliConsole console)
    {
        var all = new Option<bool>("--all") { Description = "Every statement, not only those judged by older rules" };
        var connection = StorageCommandContext.ConnectionOption();
        var command = new Command("reanalyze", "Re-run the analyser over statements judged by older rules") { all, connection };
        StorageCommandContext.SetAction(command, connection, _open, async (result, services, ct) =>
        {
            var report = await services.GetRequiredService<StatementReanalyzer>().ReanalyzeAsync(result.GetValue(all), ct);
            await console.Out.WriteLineAsync($"Analyser {report.AnalyzerVersion}: {report.Updated} of {report.Examined} statement(s) re-analysed, {report.Changed.Count} verdict(s) changed.");
            foreach (var change in report.Changed)
            {
                await console.Out.WriteLineAsync($"  {change.StatementId} ({change.Official}): {change.Before} -> {change.After}");
            }

            return 0;
        });
        return command;
    }
}
