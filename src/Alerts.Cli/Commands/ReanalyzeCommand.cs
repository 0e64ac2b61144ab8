using Alerts.Core.Officials;
using Alerts.Core.Statements;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Cli.Commands;

/// <summary><c>reanalyze [--all] [--connection CONN]</c>: re-judge stored statements after the rules change.</summary>
internal sealed class ReanalyzeCommand : ICliCommand
{
    public string Name => "reanalyze";

    public string Usage => "reanalyze [--all] [--connection CONN]             re-run the analyser over statements judged by older rules";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        await using var context = await StorageCommandContext.OpenAsync(StorageCommandContext.ConnectionOption(args), cancellationToken);
        var report = await context.Services.GetRequiredService<StatementReanalyzer>().ReanalyzeAsync(args.Contains("--all"), cancellationToken);
        await console.Out.WriteLineAsync($"Analyser {report.AnalyzerVersion}: {report.Updated} of {report.Examined} statement(s) re-analysed, {report.Changed.Count} verdict(s) changed.");
        foreach (var change in report.Changed)
        {
            await console.Out.WriteLineAsync($"  {change.StatementId} ({change.Official}): {change.Before} -> {change.After}");
        }

        return 0;
    }
}
