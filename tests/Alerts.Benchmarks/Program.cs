using Alerts.Benchmarks;
using BenchmarkDotNet.Running;

// "scale" runs the 5,000-source poll fan-out against Azurite; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "scale")
{
    return await PollFanOutScale.RunAsync(args.Skip(1).ToArray());
}

BenchmarkSwitcher.FromAssembly(typeof(SourceBenchmarks).Assembly).Run(args);
return 0;
