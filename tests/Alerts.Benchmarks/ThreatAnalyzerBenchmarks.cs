using System.Text;
using Alerts.Core.Threats;
using Alerts.Local;
using BenchmarkDotNet.Attributes;

namespace Alerts.Benchmarks;

/// <summary>
/// The analyser over news-length text (the seed article, with and without its speaker) and over about
/// 1 MB of mixed news text. Throughput is bytes of UTF-16 input divided by the mean; docs/performance.md
/// records the figures and the machine.
/// </summary>
[MemoryDiagnoser]
public class ThreatAnalyzerBenchmarks
{
    internal static readonly SpeakerContext Asif = new(
        "Khawaja Muhammad Asif",
        ["Khawaja Asif", "Asif", "Pakistan's Defence Minister", "the Pakistani defence minister"]);

    private static readonly string[] Filler =
    [
        "The committee discussed the budget and agreed to meet again next week to review spending plans.",
        "Officials said the new bridge would open in the spring after delays caused by heavy rains.",
        "The foreign minister met her counterpart to discuss trade, energy and cooperation on migration.",
        "Markets rose on Tuesday as investors welcomed figures showing inflation had eased for a third month.",
        "We condemn the attack on the convoy and call on all sides to exercise restraint, the spokesman said.",
        "The president will travel to Brussels to discuss the ceasefire with European leaders on Friday.",
    ];

    private ThreatAnalyzer _analyzer = null!;
    private string _article = null!;
    private string _corpus = null!;
    private string _calmCorpus = null!;

    [GlobalSetup]
    public void Setup()
    {
        _analyzer = new ThreatAnalyzer();
        _article = File.ReadAllText(Path.Combine(RepositoryRoot(), "seeds", "khawaja-asif-taliban-warning.txt"));
        _corpus = BuildCorpus(_article, 1_000_000);
        _calmCorpus = BuildCorpus(string.Empty, 1_000_000);
    }

    internal string Article => _article;

    internal string CorpusText => _corpus;

    internal string CalmCorpusText => _calmCorpus;

    [Benchmark(Baseline = true, Description = "seed article (2 KB)")]
    public ThreatAnalysis SeedArticle() => _analyzer.Analyze(_article);

    [Benchmark(Description = "seed article with speaker")]
    public ThreatAnalysis SeedArticleWithSpeaker() => _analyzer.Analyze(_article, Asif);

    [Benchmark(Description = "1 MB corpus")]
    public ThreatAnalysis Corpus() => _analyzer.Analyze(_corpus);

    /// <summary>The same megabyte without the article: allocation must not grow with the text, only with findings.</summary>
    [Benchmark(Description = "1 MB corpus, no threats")]
    public ThreatAnalysis CalmCorpus() => _analyzer.Analyze(_calmCorpus);

    /// <summary>Mostly neutral news with the seed article every ~20 KB, so findings stay a small share as in real feeds.</summary>
    private static string BuildCorpus(string article, int length)
    {
        var builder = new StringBuilder(length + article.Length);
        var i = 0;
        while (builder.Length < length)
        {
            builder.Append(Filler[i % Filler.Length]).Append(' ');
            if (++i % 200 == 0)
            {
                builder.Append('\n').Append(article).Append('\n');
            }
        }

        return builder.ToString();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Alerts.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Alerts.sln not found above " + AppContext.BaseDirectory);
    }
}
