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

        var shared = a.Bigrams.Count(b.Bigrams.Contains);
        var union = a.Bigrams.Count + b.Bigrams.Count - shared;
        var smaller = Math.Min(a.Bigrams.Count, b.Bigrams.Count);
        return (union > 0 && (double)shared / union >= MinJaccard)
            || (smaller >= MinWords && (double)shared / smaller >= MinContainment);
    }
}

/// <summary>What the near-duplicate check needs of a statement's key text.</summary>
public sealed record NearDuplicateFingerprint(ulong Hash, HashSet<string> Bigrams, int WordCount)
{
    public static NearDuplicateFingerprint Of(string keyText) =>
        new(SimHash.Compute(keyText), SimHash.Bigrams(keyText), SimHash.Words(keyText).Length);
}
