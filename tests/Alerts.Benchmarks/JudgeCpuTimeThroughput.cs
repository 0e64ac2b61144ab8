using System.Diagnostics;
using Alerts.Core.Threats;

namespace Alerts.Benchmarks;

/// <summary>
/// The learned judge's statements per second per core, in processor time (the build machine's cores are
/// shared), plus what loading it costs: time from process start to the first verdict, load time of the
/// encoder and the model, and resident memory once loaded.
/// </summary>
internal static class JudgeCpuTimeThroughput
{
    public static void Run(TextWriter output)
    {
        using var process = Process.GetCurrentProcess();
        var startup = DateTime.Now - process.StartTime;
        var rssBefore = Environment.WorkingSet;
        var watch = Stopwatch.StartNew();
        var encoder = MiniLmSentenceEmbedder.Shared;
        var encoderLoad = watch.Elapsed;
        watch.Restart();
        var model = ThreatModel.LoadEmbedded();
        var modelLoad = watch.Elapsed;
        watch.Restart();
        var judge = new ThreatJudge(new ThreatAnalyzer(), model, encoder);
        var first = judge.Analyze("They will pay a heavy price.");
        var firstVerdict = watch.Elapsed;
        process.Refresh();
        var sinceStart = DateTime.Now - process.StartTime;
        output.WriteLine(FormattableString.Invariant(
            $"process start to first verdict {sinceStart.TotalSeconds:0.00} s (runtime start {startup.TotalSeconds:0.00} s, encoder load {encoderLoad.TotalSeconds:0.00} s, model load {modelLoad.TotalMilliseconds:0} ms, rules + first verdict {firstVerdict.TotalSeconds:0.00} s; threat={first.Threat})"));
        output.WriteLine(FormattableString.Invariant(
            $"resident memory {Environment.WorkingSet / 1048576.0:0} MiB after loading (was {rssBefore / 1048576.0:0} MiB), managed heap {GC.GetTotalMemory(forceFullCollection: true) / 1048576.0:0} MiB"));

        var benchmarks = new ThreatJudgeBenchmarks();
        benchmarks.Setup();
        for (var i = 0; i < 60; i++)
        {
            judge.Analyze(ThreatJudgeBenchmarks.Statements[i % ThreatJudgeBenchmarks.Statements.Length]);
            judge.Analyze(benchmarks.Article);
        }

        Thread.Sleep(200);
        Measure(output, "1-3 sentence statements", i => judge.Analyze(ThreatJudgeBenchmarks.Statements[i % ThreatJudgeBenchmarks.Statements.Length]), 600);
        Measure(output, "seed article (2 KB)", _ => judge.Analyze(benchmarks.Article), 100);
        process.Refresh();
        output.WriteLine(FormattableString.Invariant($"peak working set {process.PeakWorkingSet64 / 1048576.0:0} MiB"));
    }

    private static void Measure(TextWriter output, string name, Action<int> analyze, int runs)
    {
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        for (var i = 0; i < runs; i++)
        {
            analyze(i);
        }

        wall.Stop();
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds / runs;
        output.WriteLine(FormattableString.Invariant(
            $"{name,-26} cpu {cpu * 1e3,7:0.00} ms  wall {wall.Elapsed.TotalSeconds / runs * 1e3,7:0.00} ms  {1 / cpu,7:0.0} statements/s per core"));
    }
}
