using Alerts.Benchmarks;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/Alerts.Benchmarks -- --filter '*' [--job short]
// dotnet run -c Release --project tests/Alerts.Benchmarks -- --cpu-time   (throughput per core on a shared machine)
if (args.Contains("--cpu-time"))
{
    CpuTimeThroughput.Run(Console.Out);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(ThreatAnalyzerBenchmarks).Assembly).Run(args);
