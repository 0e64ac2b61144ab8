using System.Text.RegularExpressions;

namespace Alerts.Core.Threats;

/// <summary>
/// Joins the fold groups of real statements that are the same words on different pages (one quote reported by two
/// outlets, or two translations that share most of their wording), so cross-validation never trains on one copy
/// and scores the other. Two statements are joined when at least half the word triples of the shorter one are in
/// the other.
/// </summary>
internal static partial class WordingGroups
{
    public const double MinShared = 0.5;

    /// <summary>A triple held by more statements than this is stock phrasing, not evidence of the same quote.</summary>
    private const int MaxHolders = 50;

    /// <summary>Pairs sharing fewer triples are never compared (a triple or two in common is ordinary speech).</summary>
    private const int MinCommonTriples = 3;

    /// <returns>The examples, each real one's group replaced by its joined group: the smallest page key in it, so the
    /// result does not depend on the order of the corpus files.</returns>
    public static List<ThreatTrainingExample> Join(IReadOnlyList<ThreatTrainingExample> examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var groups = Of([.. examples.Select(e => e.Statement)]);
        return [.. examples.Select((e, i) => groups[i] is { } group ? e with { Group = group } : e)];
    }

    /// <summary>Each statement's fold group (<see cref="ThreatCorpus.GroupOf"/>, joined as above); null for a written statement.</summary>
    public static IReadOnlyList<string?> Of(IReadOnlyList<LabelledStatement> statements)
    {
        ArgumentNullException.ThrowIfNull(statements);
        var pages = statements.Select(s => s.Real ? ThreatCorpus.GroupOf(s) : null).ToArray();
        var triples = statements.Select(s => s.Real ? Triples(s.Text) : []).ToArray();
        var holders = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < triples.Length; i++)
        {
            foreach (var triple in triples[i])
            {
                if (!holders.TryGetValue(triple, out var list))
                {
                    holders[triple] = list = [];
                }

                list.Add(i);
            }
        }

        var common = new Dictionary<(int, int), int>();
        foreach (var list in holders.Values.Where(l => l.Count is > 1 and <= MaxHolders))
        {
            for (var a = 0; a < list.Count; a++)
            {
                for (var b = a + 1; b < list.Count; b++)
                {
                    common[(list[a], list[b])] = common.GetValueOrDefault((list[a], list[b])) + 1;
                }
            }
        }

        // Joined page by page, so every statement of a page follows it into the joined group.
        var pageTo = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var ((a, b), shared) in common)
        {
            var smaller = Math.Min(triples[a].Count, triples[b].Count);
            if (shared >= MinCommonTriples && shared >= MinShared * smaller)
            {
                Merge(pageTo, pages[a]!, pages[b]!);
            }
        }

        return [.. pages.Select(page => page is null ? null : Resolve(pageTo, page))];
    }

    private static void Merge(Dictionary<string, string> pageTo, string page, string group)
    {
        var a = Resolve(pageTo, page);
        var b = Resolve(pageTo, group);
        if (a != b)
        {
            if (string.CompareOrdinal(a, b) < 0)
            {
                pageTo[b] = a;
            }
            else
            {
                pageTo[a] = b;
            }
        }
    }

    private static string Resolve(Dictionary<string, string> pageTo, string key)
    {
        while (pageTo.TryGetValue(key, out var next) && next != key)
        {
            key = next;
        }

        return key;
    }

    private static HashSet<string> Triples(string text)
    {
        var words = Word().Matches(text.ToLowerInvariant()).Select(m => m.Value).ToArray();
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 2 < words.Length; i++)
        {
            set.Add(words[i] + " " + words[i + 1] + " " + words[i + 2]);
        }

        return set;
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();
}
