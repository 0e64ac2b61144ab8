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

        // Merge the two sorted hash sets and stop as soon as the overlap can no longer reach either threshold.
        var (small, large) = a.Bigrams.Length <= b.Bigrams.Length ? (a.Bigrams, b.Bigrams) : (b.Bigrams, a.Bigrams);
        if (small.Length == 0)
        {
            return false;
        }

        var forJaccard = (int)Math.Ceiling(MinJaccard * (small.Length + large.Length) / (1 + MinJaccard));
        var forContainment = small.Length >= MinWords ? (int)Math.Ceiling(MinContainment * small.Length) : int.MaxValue;
        var needed = Math.Min(forJaccard, forContainment);
        var shared = 0;
        var i = 0;
        var j = 0;
        while (i < small.Length && j < large.Length)
        {
            if (small[i] == large[j])
            {
                if (++shared >= needed)
                {
                    return true;
                }

                i++;
                j++;
            }
            else if (small[i] < large[j])
            {
                i++;
            }
            else
            {
                j++;
            }

            if (shared + (small.Length - i) < needed)
            {
                return false;
            }
        }

        return false;
    }
}

/// <summary>
/// What the near-duplicate check needs of a statement's key text: its SimHash, its word bigrams as sorted distinct
/// 32-bit hashes, and its length in words. Computed once and stored with the index rows.
/// </summary>
#pragma warning disable CA1819 // A fingerprint is an immutable value read by the matcher; the array is never handed out to change.
public sealed record NearDuplicateFingerprint(ulong Hash, uint[] Bigrams, int WordCount)
#pragma warning restore CA1819
{
    public static NearDuplicateFingerprint Of(string keyText) => Of(SimHash.Words(keyText));

    public static NearDuplicateFingerprint Of(string[] words)
    {
        ArgumentNullException.ThrowIfNull(words);
        return new(SimHash.Compute(words), SimHash.BigramHashes(words), words.Length);
    }

    /// <summary>The bigram hashes as stored: 4 bytes each, little-endian.</summary>
    public byte[] BigramBytes()
    {
        var bytes = new byte[Bigrams.Length * sizeof(uint)];
        for (var i = 0; i < Bigrams.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * sizeof(uint)), Bigrams[i]);
        }

        return bytes;
    }

    public static uint[] BigramsFrom(ReadOnlySpan<byte> bytes)
    {
        var hashes = new uint[bytes.Length / sizeof(uint)];
        for (var i = 0; i < hashes.Length; i++)
        {
            hashes[i] = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes[(i * sizeof(uint))..]);
        }

        return hashes;
    }
}
