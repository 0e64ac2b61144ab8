using Alerts.Core.Officials;
using Alerts.Core.Sources;
using Alerts.Core.Statements;
using Alerts.Local;
using BenchmarkDotNet.Attributes;

namespace Alerts.Benchmarks;

/// <summary>
/// Parse, extract and dedup over every captured feed in ../shared/fixtures/feeds. Items per second is
/// the item count printed at set-up divided by the mean time of one operation.
/// </summary>
[MemoryDiagnoser]
public class SourceBenchmarks
{
    private readonly FeedParser _parser = new();
    private readonly StatementExtractor _extractor = new();
    private List<(string Name, byte[] Bytes)> _feeds = [];
    private List<FeedItem> _items = [];
    private List<string> _texts = [];
    private List<NearDuplicateFingerprint> _fingerprints = [];
    private Official[] _officials = [];

    [GlobalSetup]
    public void Setup()
    {
        var root = RepositoryRoot.Find();
        var folder = Path.GetFullPath(Path.Combine(root, "..", "shared", "fixtures", "feeds"));
        _feeds = Directory.EnumerateFiles(folder, "*.xml").Order(StringComparer.Ordinal).Select(f => (Path.GetFileName(f), File.ReadAllBytes(f))).ToList();
        _items = _feeds.SelectMany(f => _parser.Parse(f.Bytes)).ToList();

        // Officials whose names occur in the fixtures (so extraction does real work) and the seed's minister.
        _officials =
        [
            new("khawaja-asif", "Khawaja Muhammad Asif", ["Khawaja Asif", "Asif", "Pakistan's Defence Minister"], "Minister of Defence", "Pakistan"),
            new("trump", "Donald Trump", ["Trump", "President-elect Trump"], "President", "United States"),
            new("putin", "Vladimir Putin", ["Putin"], "President", "Russia"),
            new("merkel", "Angela Merkel", ["Merkel"], "Chancellor", "Germany"),
            new("obama", "Barack Obama", ["Obama"], "President", "United States"),
        ];
        _texts = _items.Select(i => i.Title + "\n" + i.Text).ToList();
        _fingerprints = _texts.Select(NearDuplicateFingerprint.Of).ToList();
        Console.WriteLine($"// {_feeds.Count} feeds, {_items.Count} items, {_feeds.Sum(f => f.Bytes.Length)} bytes");
    }

    [Benchmark(Description = "parse all fixture feeds")]
    public int Parse()
    {
        var count = 0;
        foreach (var (_, bytes) in _feeds)
        {
            count += _parser.Parse(bytes).Count;
        }

        return count;
    }

    [Benchmark(Description = "extract statements from all items (5 officials)")]
    public int Extract()
    {
        var count = 0;
        foreach (var item in _items)
        {
            count += _extractor.Extract(item, _officials).Count;
        }

        return count;
    }

    [Benchmark(Description = "fingerprint all items (SimHash + bigrams)")]
    public int Fingerprint()
    {
        var bits = 0;
        foreach (var text in _texts)
        {
            bits ^= (int)NearDuplicateFingerprint.Of(text).Hash;
        }

        return bits;
    }

    [Benchmark(Description = "near-duplicate check of every item against 200 known statements")]
    public int Dedup()
    {
        var known = _fingerprints.Take(200).ToList();
        var matches = 0;
        foreach (var candidate in _fingerprints)
        {
            foreach (var other in known)
            {
                if (NearDuplicateMatcher.IsNearDuplicate(candidate, other))
                {
                    matches++;
                    break;
                }
            }
        }

        return matches;
    }
}
