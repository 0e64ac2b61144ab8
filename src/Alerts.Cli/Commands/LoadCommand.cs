using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Alerts.Core.Pipeline;
using Alerts.Core.Storage;
using Alerts.Local;
using Alerts.Local.Pipeline;
using Alerts.Local.Storage;
using Microsoft.Extensions.Logging;

namespace Alerts.Cli.Commands;

/// <summary>
/// <c>load [--sources N] [--items N] [--threat-ratio R] [--max-seconds S] [--json]</c>: a test-scale run of the whole pipeline on its
/// own in-memory Azurite, with throughput, storage transactions per statement, memory and poll-to-email times.
/// </summary>
internal sealed class LoadCommand : ICliCommand
{
    public Command Create(CliConsole console)
    {
        var defaults = new LoadSettings();
        var sources = new Option<int>("--sources") { Description = "Sources to poll", HelpName = "N", DefaultValueFactory = _ => defaults.Sources };
        var items = new Option<int>("--items") { Description = "Items to generate", HelpName = "N", DefaultValueFactory = _ => defaults.Items };
        var ratio = new Option<double>("--threat-ratio")
        {
            Description = "Share of items that are threats, 0 to 1",
            HelpName = "R",
            DefaultValueFactory = _ => defaults.ThreatRatio,
            CustomParser = OptionValues.InvariantNumber,
        };
        var maxSeconds = new Option<int>("--max-seconds") { Description = "Stop after this many seconds", HelpName = "S", DefaultValueFactory = _ => defaults.MaxSeconds };
        var json = new Option<bool>("--json") { Description = "Print the figures as one JSON object" };
        var command = new Command("load", "Load run on a private Azurite; prints the figures") { sources, items, ratio, maxSeconds, json };
        command.SetAction((result, ct) => RunAsync(
            defaults with { Sources = result.GetValue(sources), Items = result.GetValue(items), ThreatRatio = result.GetValue(ratio), MaxSeconds = result.GetValue(maxSeconds) },
            result.GetValue(json),
            console,
            ct));
        return command;
    }

    private static async Task<int> RunAsync(LoadSettings settings, bool json, CliConsole console, CancellationToken cancellationToken)
    {
        if (settings.Validate() is { } problem)
        {
            await console.Error.WriteLineAsync($"load: {problem}.");
            return 2;
        }

        var root = RepositoryRoot.Find();
        var work = Path.Combine(Path.GetTempPath(), "alerts-load-" + Guid.NewGuid().ToString("N"));
        if (!json)
        {
            await console.Out.WriteLineAsync($"Load run: {settings.Items} items over {settings.Sources} sources, threat ratio {settings.ThreatRatio.ToString(CultureInfo.InvariantCulture)}; starting a private in-memory Azurite ...");
        }

        await using var azurite = await AzuriteServer.StartInMemoryAsync(root, cancellationToken);
        LoadReport report;
        try
        {
            Action<ILoggingBuilder>? logging = json ? null : b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
            report = await new LoadRun(settings, azurite.ConnectionString, work, logging) { StorageProcessId = azurite.ProcessId }.RunAsync(cancellationToken);
        }
        finally
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }

        if (json)
        {
            await console.Out.WriteLineAsync(JsonSerializer.Serialize(report, QueueMessageJson.Options));
        }
        else
        {
            await WriteAsync(console.Out, report);
        }

        return report.Completed && report.EmailsSent == report.ExpectedEmails && report.DuplicateEmails == 0 && report.Poisoned == 0 ? 0 : 1;
    }

    private static async Task WriteAsync(TextWriter output, LoadReport r)
    {
        string F(double value, string format = "0.0") => value.ToString(format, CultureInfo.InvariantCulture);
        await output.WriteLineAsync($"Machine: {Environment.ProcessorCount} cores, {F(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1_048_576.0, "0")} MiB available to .NET");
        await output.WriteLineAsync($"Items: {r.ItemsGenerated} generated ({r.ThreatsGenerated} threats) from {r.SourcesPolled} sources polled");
        await output.WriteLineAsync($"Statements stored: {r.StatementsStored} ({r.ThreatsStored} threats); queue messages handled: {r.MessagesHandled}");
        await output.WriteLineAsync($"Emails: {r.EmailsSent} sent, {r.ExpectedEmails} expected (threats x matching subscribers), {r.DuplicateEmails} duplicates, {r.Poisoned} poisoned");
        if (!r.Completed)
        {
            await output.WriteLineAsync($"STOPPED at --max-seconds {r.Settings.MaxSeconds}: {r.StatementsStored} of {r.ItemsGenerated} items stored; per-item figures are per statement stored");
        }

        await output.WriteLineAsync($"Elapsed: {F(r.ElapsedSeconds)} s; {F(r.ItemsPerSecond)} items/s; load average {F(r.LoadAverageBefore, "0.00")} before, {F(r.LoadAverageAfter, "0.00")} after");
        await output.WriteLineAsync($"CPU: this process {F(r.ProcessCpuSeconds)} s ({F(r.ProcessCpuMillisecondsPerItem, "0.00")} ms per item); Azurite {F(r.StorageCpuSeconds)} s ({F(r.StorageCpuMillisecondsPerItem, "0.00")} ms per item)");
        if (r.Tenths.Count > 0)
        {
            await output.WriteLineAsync($"CPU ms per statement stored, by tenth of the items (up to 10%, 20%, ...; this process / Azurite): {string.Join(", ", r.Tenths.Select(t => $"{t.Tenth * 10}% {F(t.ProcessCpuMilliseconds)} / {F(t.StorageCpuMilliseconds)}"))}");
        }

        await output.WriteLineAsync($"Judge: {r.JudgeCalls} statements judged in {F(r.JudgeSeconds)} s summed over threads ({F(r.JudgeCalls == 0 ? 0 : 1000 * r.JudgeSeconds / r.JudgeCalls, "0.00")} ms each)");
        await output.WriteLineAsync($"Storage transactions: {r.StorageRequests} ({F(r.StorageRequestsPerStatement, "0.00")} per statement); per operation: count, seconds waited (summed over concurrent requests), ms each");
        foreach (var (operation, count) in r.StorageRequestsByOperation.OrderByDescending(p => p.Value))
        {
            var seconds = r.StorageSecondsByOperation.GetValueOrDefault(operation);
            await output.WriteLineAsync($"  {operation,-40} {count,8} {F(seconds, "0.0"),9} s {F(count == 0 ? 0 : 1000 * seconds / count, "0.00"),9} ms");
        }

        await output.WriteLineAsync($"Memory: peak working set {F(r.PeakWorkingSetBytes / 1_048_576.0, "0")} MiB; {F(r.AllocatedBytes / 1_048_576.0, "0")} MiB allocated during the run ({F(r.AllocatedBytesPerItem / 1_048_576.0, "0.00")} MiB per item); {r.Gen2Collections} gen-2 collections");
        await output.WriteLineAsync($"Poll to email: p50 {F(r.PollToEmailP50Seconds)} s, p95 {F(r.PollToEmailP95Seconds)} s, max {F(r.PollToEmailMaxSeconds)} s");
    }
}
