using Alerts.Benchmarks;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/Alerts.Benchmarks -- --filter '*' [--job short]
// dotnet run -c Release --project tests/Alerts.Benchmarks -- --cpu-time   (analyser throughput per core on a shared machine)
// dotnet run -c Release --project tests/Alerts.Benchmarks -- --judge-cpu-time   (learned judge: statements/s per core, load time, memory)
// dotnet run -c Release --project tests/Alerts.Benchmarks -- scale        (the 5,000-source poll fan-out against Azurite)
if (args.Contains("--judge-cpu-time"))
{
    JudgeCpuTimeThroughput.Run(Console.Out);
    return 0;
}

if (args.Contains("--cpu-time"))
{
    CpuTimeThroughput.Run(Console.Out);
    return 0;
}

if (args.Length > 0 && args[0] == "scale")
{
    return await PollFanOutScale.RunAsync(args.Skip(1).ToArray());
}

BenchmarkSwitcher.FromAssembly(typeof(ThreatAnalyzerBenchmarks).Assembly).Run(args);
return 0;
