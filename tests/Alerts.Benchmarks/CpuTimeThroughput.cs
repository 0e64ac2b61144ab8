using System.Diagnostics;
using Alerts.Core.Threats;

namespace Alerts.Benchmarks;

/// <summary>
/// Throughput per core measured in processor time rather than wall-clock time, so the figure holds on a
/// build machine whose cores are shared with other work (BenchmarkDotNet's means include the waiting).
/// </summary>
internal static class CpuTimeThroughput
{
    public static void Run(TextWriter output)
    {
        var inputs = new ThreatAnalyzerBenchmarks();
        inputs.Setup();
        var analyzer = new ThreatAnalyzer();

        // Let tiered compilation finish first: its background threads would otherwise be billed to the first input.
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 2_000; i++)
            {
                analyzer.Analyze(inputs.Article);
                analyzer.Analyze(inputs.Article, ThreatAnalyzerBenchmarks.Asif);
            }

            analyzer.Analyze(inputs.CorpusText);
            analyzer.Analyze(inputs.CalmCorpusText);
            Thread.Sleep(200);
        }

        Measure(output, analyzer, "seed article", inputs.Article, null, 20_000);
        Measure(output, analyzer, "seed article with speaker", inputs.Article, ThreatAnalyzerBenchmarks.Asif, 20_000);
        Measure(output, analyzer, "1 MB corpus", inputs.CorpusText, null, 40);
        Measure(output, analyzer, "1 MB corpus, no threats", inputs.CalmCorpusText, null, 40);
    }

    private static void Measure(TextWriter output, ThreatAnalyzer analyzer, string name, string text, SpeakerContext? speaker, int runs)
    {
        for (var i = 0; i < Math.Max(3, runs / 10); i++)
        {
            analyzer.Analyze(text, speaker);
        }

        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        for (var i = 0; i < runs; i++)
        {
            analyzer.Analyze(text, speaker);
        }

        wall.Stop();
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds / runs;
        output.WriteLine(FormattableString.Invariant(
            $"{name,-28} {text.Length,9} chars  cpu {cpu * 1e6,9:0.0} us  wall {wall.Elapsed.TotalSeconds / runs * 1e6,9:0.0} us  {text.Length / cpu / 1e6,6:0.0} MB/s per core"));
    }
}
