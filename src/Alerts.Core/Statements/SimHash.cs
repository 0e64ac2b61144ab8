using System.Numerics;

namespace Alerts.Core.Statements;

/// <summary>
/// 64-bit SimHash (Charikar) over the word unigrams and bigrams of normalised text, and the word-bigram
/// sets used to confirm a near-duplicate. Texts that differ in a few words land a few bits apart.
/// </summary>
public static class SimHash
{
    public static ulong Compute(string text) => Compute(Words(text));

    public static ulong Compute(string[] words)
    {
        ArgumentNullException.ThrowIfNull(words);
        Span<int> weights = stackalloc int[64];
        for (var i = 0; i < words.Length; i++)
        {
            Add(weights, Fnv(words[i]));
            if (i + 1 < words.Length)
            {
                Add(weights, Fnv(words[i], words[i + 1]));
            }
        }

        ulong hash = 0;
        for (var bit = 0; bit < 64; bit++)
        {
            if (weights[bit] > 0)
            {
                hash |= 1UL << bit;
            }
        }

        return hash;
    }

    public static int Distance(ulong a, ulong b) => BitOperations.PopCount(a ^ b);

    /// <summary>The normalised words (<see cref="StatementKey.Normalize"/>: case, diacritics and punctuation gone).</summary>
    public static string[] Words(string text) => StatementKey.Normalize(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public static HashSet<string> Bigrams(string text) => Bigrams(Words(text));

    public static HashSet<string> Bigrams(string[] words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < words.Length; i++)
        {
            set.Add(words[i] + " " + words[i + 1]);
        }

        if (words.Length == 1)
        {
            set.Add(words[0]);
        }

        return set;
    }

    /// <summary>
    /// The word bigrams as sorted, distinct 32-bit hashes: what the near-duplicate check compares, small enough to
    /// store with each index row so a lookup never re-tokenises a stored statement.
    /// </summary>
    public static uint[] BigramHashes(string[] words)
    {
        ArgumentNullException.ThrowIfNull(words);
        if (words.Length == 1)
        {
            return [(uint)(Fnv(words[0]) >> 32)];
        }

        var hashes = new uint[Math.Max(0, words.Length - 1)];
        for (var i = 0; i + 1 < words.Length; i++)
        {
            hashes[i] = (uint)(Fnv(words[i], words[i + 1]) >> 32);
        }

        Array.Sort(hashes);
        var distinct = 0;
        for (var i = 0; i < hashes.Length; i++)
        {
            if (i == 0 || hashes[i] != hashes[distinct - 1])
            {
                hashes[distinct++] = hashes[i];
            }
        }

        return distinct == hashes.Length ? hashes : hashes[..distinct];
    }

    /// <summary>A 64-bit hash of a run of words (a sentence key of the near-duplicate index).</summary>
    public static ulong HashWords(ReadOnlySpan<string> words)
    {
        var hash = 14695981039346656037UL;
        foreach (var word in words)
        {
            hash = Mix(hash ^ Fnv(word));
        }

        return hash;
    }

    /// <summary>The splitmix64 finaliser: spreads every input bit over every output bit.</summary>
    public static ulong Mix(ulong hash)
    {
        hash ^= hash >> 30;
        hash *= 0xBF58476D1CE4E5B9UL;
        hash ^= hash >> 27;
        hash *= 0x94D049BB133111EBUL;
        return hash ^ (hash >> 31);
    }

    private static void Add(Span<int> weights, ulong feature)
    {
        for (var bit = 0; bit < 64; bit++)
        {
            // +1 for a set bit, -1 for a clear one, without a branch.
            weights[bit] += (int)((feature >> bit) & 1) * 2 - 1;
        }
    }

    private static ulong Fnv(string value, string? second = null)
    {
        // FNV-1a then a finaliser (splitmix64): raw FNV leaves the high bits poorly mixed for short strings.
        var hash = 14695981039346656037UL;
        foreach (var c in value)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        if (second is not null)
        {
            hash = (hash ^ ' ') * 1099511628211UL;
            foreach (var c in second)
            {
                hash = (hash ^ c) * 1099511628211UL;
            }
        }

        return Mix(hash);
    }
}
