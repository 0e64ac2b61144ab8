using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/Alerts.Benchmarks -- --filter '*' [--job short]
BenchmarkSwitcher.FromAssembly(typeof(Alerts.Benchmarks.ThreatAnalyzerBenchmarks).Assembly).Run(args);
