using System.Globalization;

namespace Alerts.Core.Statements;

/// <summary>
/// The locality-sensitive keys a statement is indexed under: two statements that the
/// <see cref="NearDuplicateMatcher"/> would call the same almost always share one, and unrelated statements rarely
/// do, so a lookup reads the few statements behind its own keys instead of everything the official said lately.
/// </summary>
/// <remarks>
/// <para>Two kinds, one per way the matcher says yes in practice:</para>
/// <list type="bullet">
/// <item>MinHash bands (<c>m0:</c>..<c>m9:</c>) over the word bigrams, two minima per band: the chance of sharing
/// one is 1 - (1 - J²)^10, 94% at the matcher's Jaccard threshold of 0.5 and 99.9% at 0.7.</item>
/// <item>Sentence keys (<c>q:</c>): each sentence of five words or more, normalised, up to four: an outlet that
/// quotes only some sentences (the matcher's containment rule) shares their keys, whatever the rest says.</item>
/// </list>
/// <para>At most <see cref="MaxKeys"/> = 14, because the lookup names every key in one query and Azure Table storage
/// allows at most 15 comparisons in a filter (the PartitionKey takes one). SimHash bands were keys too (four 16-bit
/// bands, so no SimHash match could be missed) until the cap: on the captured fixtures the keys still find 99.96% of
/// the pairs the matcher accepts (<c>NearDuplicateBands_Recall</c>; 99.99% with 28 keys).</para>
/// </remarks>
public static class NearDuplicateBands
{
    public const int MinHashBands = 10;
    public const int MinHashRows = 2;
    public const int MaxSentenceKeys = 4;
    public const int MinSentenceWords = 5;

    /// <summary>The most keys one statement has: the rows it claims, and the keys one lookup names.</summary>
    public const int MaxKeys = MinHashBands + MaxSentenceKeys;

    private static readonly ulong[] Seeds = CreateSeeds(MinHashBands * MinHashRows);

    private static readonly char[] SentenceEnds = ['.', '!', '?', ';', '\n', '\u3002', '\u061F'];

    public static IReadOnlyList<string> For(string keyText, NearDuplicateFingerprint fingerprint)
    {
        ArgumentNullException.ThrowIfNull(keyText);
        ArgumentNullException.ThrowIfNull(fingerprint);
        var keys = new List<string>(MaxKeys);
        if (fingerprint.Bigrams.Length > 0)
        {
            Span<ulong> minima = stackalloc ulong[MinHashBands * MinHashRows];
            minima.Fill(ulong.MaxValue);
            foreach (var bigram in fingerprint.Bigrams)
            {
                var spread = ((ulong)bigram << 32) | bigram;
                for (var i = 0; i < minima.Length; i++)
                {
                    minima[i] = Math.Min(minima[i], SimHash.Mix(spread ^ Seeds[i]));
                }
            }

            for (var band = 0; band < MinHashBands; band++)
            {
                var value = SimHash.Mix(minima[band * MinHashRows] ^ ulong.RotateLeft(minima[(band * MinHashRows) + 1], 17));
                keys.Add(string.Create(CultureInfo.InvariantCulture, $"m{band}:{value >> 16:x12}"));
            }
        }

        var sentences = new SortedSet<ulong>();
        foreach (var sentence in keyText.Split(SentenceEnds, StringSplitOptions.RemoveEmptyEntries))
        {
            var words = SimHash.Words(sentence);
            if (words.Length >= MinSentenceWords)
            {
                sentences.Add(SimHash.HashWords(words));
            }
        }

        // A long text keeps the sentences with the smallest hashes: the choice depends only on each sentence, so
        // another outlet's copy of the same sentences tends to keep the same ones.
        foreach (var sentence in sentences.Take(MaxSentenceKeys))
        {
            keys.Add(string.Create(CultureInfo.InvariantCulture, $"q:{sentence >> 16:x12}"));
        }

        return keys;
    }

    private static ulong[] CreateSeeds(int count)
    {
        var seeds = new ulong[count];
        for (var i = 0; i < count; i++)
        {
            seeds[i] = SimHash.Mix(0x9E3779B97F4A7C15UL * (ulong)(i + 1));
        }

        return seeds;
    }
}
