namespace Alerts.Core.Statements;

/// <summary>
/// Decides whether two statements by the same official are the same statement in different words:
/// SimHash within <see cref="MaxHammingDistance"/> bits, or word-bigram overlap (Jaccard, or containment
/// when one outlet quotes only part of what another quotes). Short texts are never near-duplicates:
/// with a handful of words, similar is not the same.
/// </summary>
public static class NearDuplicateMatcher
{
    public const int MaxHammingDistance = 3;
    public const double MinJaccard = 0.5;
    public const double MinContainment = 0.8;
    public const int MinWords = 6;

    public static bool IsNearDuplicate(NearDuplicateFingerprint a, NearDuplicateFingerprint b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.WordCount < MinWords || b.WordCount < MinWords)
        {
            return false;
        }

        if (SimHash.Distance(a.Hash, b.Hash) <= MaxHammingDistance)
        {
            return true;
        }

        // Walk the smaller set and stop as soon as the overlap can no longer reach either threshold.
        var (small, large) = a.Bigrams.Count <= b.Bigrams.Count ? (a.Bigrams, b.Bigrams) : (b.Bigrams, a.Bigrams);
        if (small.Count == 0)
        {
            return false;
        }

        var forJaccard = (int)Math.Ceiling(MinJaccard * (small.Count + large.Count) / (1 + MinJaccard));
        var forContainment = small.Count >= MinWords ? (int)Math.Ceiling(MinContainment * small.Count) : int.MaxValue;
        var needed = Math.Min(forJaccard, forContainment);
        var shared = 0;
        var remaining = small.Count;
        foreach (var bigram in small)
        {
            remaining--;
            if (large.Contains(bigram) && ++shared >= needed)
            {
                return true;
            }

            if (shared + remaining < needed)
            {
                return false;
            }
        }

        return false;
    }
}

/// <summary>What the near-duplicate check needs of a statement's key text.</summary>
public sealed record NearDuplicateFingerprint(ulong Hash, HashSet<string> Bigrams, int WordCount)
{
    public static NearDuplicateFingerprint Of(string keyText)
    {
        var words = SimHash.Words(keyText);
        return new(SimHash.Compute(words), SimHash.Bigrams(words), words.Length);
    }
}
