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

        hash ^= hash >> 30;
        hash *= 0xBF58476D1CE4E5B9UL;
        hash ^= hash >> 27;
        hash *= 0x94D049BB133111EBUL;
        return hash ^ (hash >> 31);
    }
}
