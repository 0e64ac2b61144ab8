using System.Globalization;
using System.Text.Json;
using Alerts.Core.Sources;
using Alerts.Core.Statements;
using Alerts.Core.Tests.Sources;

namespace Alerts.Core.Tests.Statements;

/// <summary>
/// Recall of the near-duplicate index on the captured fixtures: the real statements of the dev set and the text of
/// every captured feed, each reported again the ways outlets do (other punctuation and case, a word changed, added
/// or dropped, a framing clause, one sentence of several, the middle of a quote). The index can only find what the
/// <see cref="NearDuplicateMatcher"/> accepts; the old index read every row, so it found every pair the matcher
/// accepts (recall 1.0 of those by construction). The keyed index must find them too.
/// </summary>
public sealed class NearDuplicateBands_Recall
{
    [Fact]
    public void FindsEveryPairTheMatcherAcceptsOnTheCapturedFixtures()
    {
        var texts = Corpus();
        Assert.True(texts.Count > 500, $"only {texts.Count} texts in the corpus");

        var accepted = 0;
        var found = 0;
        var missedByKind = new Dictionary<string, int>(StringComparer.Ordinal);
        var acceptedByKind = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            var original = NearDuplicateFingerprint.Of(text);
            var originalKeys = NearDuplicateBands.For(text, original).ToHashSet(StringComparer.Ordinal);
            foreach (var (kind, variant) in Variants(text))
            {
                var fingerprint = NearDuplicateFingerprint.Of(variant);
                if (!NearDuplicateMatcher.IsNearDuplicate(original, fingerprint))
                {
                    continue;
                }

                accepted++;
                acceptedByKind[kind] = acceptedByKind.GetValueOrDefault(kind) + 1;
                if (NearDuplicateBands.For(variant, fingerprint).Any(originalKeys.Contains))
                {
                    found++;
                }
                else
                {
                    missedByKind[kind] = missedByKind.GetValueOrDefault(kind) + 1;
                }
            }
        }

        var recall = (double)found / accepted;
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{texts.Count} texts, {accepted} near-duplicate pairs the matcher accepts, {found} found by the keys: recall {recall:P2}"));
        foreach (var (kind, count) in acceptedByKind.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"  {kind}: {count} accepted, {missedByKind.GetValueOrDefault(kind)} missed");
        }

        Assert.True(accepted > 2_000, $"only {accepted} pairs accepted by the matcher");
        Assert.True(recall >= MinRecall, string.Create(CultureInfo.InvariantCulture, $"recall {recall:P2} ({accepted - found} of {accepted} missed: {string.Join(", ", missedByKind.Select(k => k.Key + " " + k.Value))})"));
    }

    [Fact]
    public void UnrelatedStatementsRarelyShareAKey()
    {
        var texts = Corpus();
        var keys = texts.Select(t => NearDuplicateBands.For(t, NearDuplicateFingerprint.Of(t)).ToHashSet(StringComparer.Ordinal)).ToList();
        var pairs = 0;
        var sharing = 0;
        for (var i = 0; i < keys.Count; i += 3)
        {
            for (var j = i + 1; j < keys.Count; j += 7)
            {
                if (NearDuplicateMatcher.IsNearDuplicate(NearDuplicateFingerprint.Of(texts[i]), NearDuplicateFingerprint.Of(texts[j])))
                {
                    continue;
                }

                pairs++;
                sharing += keys[i].Overlaps(keys[j]) ? 1 : 0;
            }
        }

        var rate = (double)sharing / pairs;
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{pairs} unrelated pairs, {sharing} share a key ({rate:P3})"));
        Assert.True(rate < 0.005, string.Create(CultureInfo.InvariantCulture, $"{rate:P3} of unrelated pairs share a key"));
    }

    /// <summary>What the keyed index must reach; the full-partition index it replaces reached 1.0 by reading everything.</summary>
    private const double MinRecall = 0.999;

    private static List<string> Corpus()
    {
        var texts = new List<string>();
        var devSet = Path.Combine(SharedFixtures.Require("feeds"), "..", "..", "dev-set", "statements.jsonl");
        if (File.Exists(devSet))
        {
            foreach (var line in File.ReadLines(devSet).Where(l => l.Length > 0))
            {
                using var json = JsonDocument.Parse(line);
                texts.Add(json.RootElement.GetProperty("text").GetString() ?? "");
            }
        }

        var parser = new FeedParser();
        foreach (var file in Directory.EnumerateFiles(SharedFixtures.Require("feeds"), "*.xml").Order(StringComparer.Ordinal))
        {
            foreach (var item in parser.Parse(File.ReadAllBytes(file)))
            {
                // Statements are a few sentences: windows of up to three sentences of each item's text.
                var sentences = SentenceSplitter.Split(item.Text).Select(s => s.Text.Trim()).Where(s => s.Length > 0).ToList();
                for (var i = 0; i < sentences.Count && i < 12; i += 3)
                {
                    texts.Add(string.Join(" ", sentences.Skip(i).Take(3)));
                }
            }
        }

        return [.. texts.Where(t => SimHash.Words(t).Length >= 8).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The ways another outlet reports the same statement.</summary>
    private static IEnumerable<(string Kind, string Text)> Variants(string text)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var middle = words.Length / 2;
        yield return ("punctuation and case", text.ToUpperInvariant().Replace('.', '!').Replace(",", "", StringComparison.Ordinal));
        yield return ("one word changed", string.Join(' ', words.Select((w, i) => i == middle ? "very" : w)));
        yield return ("two words changed", string.Join(' ', words.Select((w, i) => i == middle || i == words.Length / 4 ? "indeed" : w)));
        yield return ("one word added", string.Join(' ', words.Take(middle).Append("really").Concat(words.Skip(middle))));
        yield return ("two words dropped", string.Join(' ', words.Where((_, i) => i != middle && i != middle + 1)));
        yield return ("framed", "He told reporters on Tuesday that " + text);
        yield return ("last word cut", string.Join(' ', words.Take(words.Length - 1)));
        var cut = Math.Max(1, words.Length / 10);
        yield return ("middle of the quote", string.Join(' ', words.Skip(cut).Take(words.Length - (2 * cut))));
        var sentences = SentenceSplitter.Split(text).Select(s => s.Text.Trim()).Where(s => s.Length > 0).ToList();
        if (sentences.Count > 1)
        {
            yield return ("one sentence of several", sentences.OrderByDescending(s => s.Length).First());
            yield return ("all but the first sentence", string.Join(" ", sentences.Skip(1)));
        }
    }
}
