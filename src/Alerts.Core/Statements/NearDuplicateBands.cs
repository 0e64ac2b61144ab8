using System.Globalization;

namespace Alerts.Core.Statements;

/// <summary>
/// The locality-sensitive keys a statement is indexed under: two statements that the
/// <see cref="NearDuplicateMatcher"/> would call the same almost always share one, and unrelated statements rarely
/// do, so a lookup reads the few statements behind its own keys instead of everything the official said lately.
/// </summary>
/// <remarks>
/// Three kinds, one per way the matcher says yes:
/// <list type="bullet">
/// <item>SimHash bands (<c>s0:</c>..<c>s3:</c>): the 64 bits in four 16-bit bands. Two hashes within
/// <see cref="NearDuplicateMatcher.MaxHammingDistance"/> (3) bits differ in at most three bands, so they agree on
/// one: no SimHash match is ever missed.</item>
/// <item>MinHash bands (<c>m0:</c>..<c>m7:</c>) over the word bigrams, two minima per band: the chance of sharing
/// one is 1 - (1 - J²)^8, 90% at the matcher's Jaccard threshold of 0.5 and 99.6% at 0.7.</item>
/// <item>Sentence keys (<c>q:</c>): each sentence of five words or more, normalised: an outlet that quotes only
/// some sentences (the matcher's containment rule) shares their keys, whatever the rest says.</item>
/// </list>
/// </remarks>
public static class NearDuplicateBands
{
    public const int SimHashBands = 4;
    public const int MinHashBands = 12;
    public const int MinHashRows = 2;
    public const int MaxSentenceKeys = 12;
    public const int MinSentenceWords = 5;

    /// <summary>The most keys one statement has: the rows it claims, and the ranges one lookup reads.</summary>
    public const int MaxKeys = SimHashBands + MinHashBands + MaxSentenceKeys;

    private static readonly ulong[] Seeds = CreateSeeds(MinHashBands * MinHashRows);

    private static readonly char[] SentenceEnds = ['.', '!', '?', ';', '\n', '\u3002', '\u061F'];

    public static IReadOnlyList<string> For(string keyText, NearDuplicateFingerprint fingerprint)
    {
        ArgumentNullException.ThrowIfNull(keyText);
        ArgumentNullException.ThrowIfNull(fingerprint);
        var keys = new List<string>(MaxKeys);
        for (var band = 0; band < SimHashBands; band++)
        {
            keys.Add(string.Create(CultureInfo.InvariantCulture, $"s{band}:{(fingerprint.Hash >> (16 * band)) & 0xFFFF:x4}"));
        }

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
