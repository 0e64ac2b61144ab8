using Alerts.Core.Threats;
using BenchmarkDotNet.Attributes;

namespace Alerts.Benchmarks;

/// <summary>
/// The whole learned judge (rules, encoder, model) on short statements of one to three sentences and on
/// the 2 KB seed article. docs/performance.md records the figures and the machine.
/// </summary>
[MemoryDiagnoser]
public class ThreatJudgeBenchmarks
{
    internal static readonly string[] Statements =
    [
        "They will pay a heavy price.",
        "The minister met the trade delegation to discuss cooperation. Talks will continue next month.",
        "Our drones will find their convoys wherever they hide. No one who took part will be spared. We have warned them before.",
        "The federal government released additional funds for flood relief in three provinces.",
        "If talks fail, only war will happen.",
        "We condemn the attack on the convoy and call on all sides to exercise restraint.",
    ];

    private ThreatJudge _judge = null!;
    private string _article = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _judge = ThreatJudge.FromSetting(null);
        var inputs = new ThreatAnalyzerBenchmarks();
        inputs.Setup();
        _article = inputs.Article;
        _judge.Analyze(_article);
    }

    internal ThreatJudge Judge => _judge;

    internal string Article => _article;

    [Benchmark(Description = "judge: 1-3 sentence statement")]
    public ThreatAnalysis ShortStatement() => _judge.Analyze(Statements[_next++ % Statements.Length]);

    [Benchmark(Description = "judge: seed article (2 KB)")]
    public ThreatAnalysis SeedArticle() => _judge.Analyze(_article);
}
