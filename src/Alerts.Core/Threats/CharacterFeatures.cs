namespace Alerts.Core.Threats;

/// <summary>
/// The judge's third view of a text: the character 3-, 4- and 5-grams inside its words (each word framed by
/// '&lt;' and '&gt;', so prefixes and endings count on their own), hashed into a fixed number of buckets, binary, the
/// row scaled to unit length. Inflections and compounds the word model sees as unrelated tokens ("retaliate",
/// "retaliation", "retaliatory") share most of their grams here. FNV-1a over the lower-cased gram, salted apart
/// from <see cref="LexicalFeatures"/>, so every process and machine maps a gram to the same bucket.
/// </summary>
internal static class CharacterFeatures
{
    public const int Buckets = 1 << 18;

    public const int MinGram = 3;

    public const int MaxGram = 5;

    /// <summary>The grams of the sentences' words, leaving out sentence <paramref name="skip"/>.</summary>
    public static SparseVector Of(IReadOnlyList<string> sentences, int skip = -1)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        var seen = new HashSet<int>();
        var tokens = new List<string>();
        for (var s = 0; s < sentences.Count; s++)
        {
            if (s == skip)
            {
                continue;
            }

            LexicalFeatures.Tokenise(sentences[s], tokens);
            foreach (var token in tokens)
            {
                Add(token, seen);
            }
        }

        if (seen.Count == 0)
        {
            return SparseVector.Empty;
        }

        var indices = seen.ToArray();
        Array.Sort(indices);
        var values = new float[indices.Length];
        Array.Fill(values, (float)(1 / Math.Sqrt(indices.Length)));
        return new SparseVector(indices, values);
    }

    private static void Add(string token, HashSet<int> seen)
    {
        // "<word>": a gram may start at the frame '<' and end at the frame '>'.
        var length = token.Length + 2;
        for (var start = 0; start < length; start++)
        {
            for (var n = MinGram; n <= MaxGram && start + n <= length; n++)
            {
                seen.Add(Bucket(token, start, n));
            }
        }
    }

    private static int Bucket(string token, int start, int n)
    {
        var hash = 2166136261u;
        hash = (hash ^ 'c') * 16777619u;
        for (var i = start; i < start + n; i++)
        {
            var c = i == 0 ? '<' : i == token.Length + 1 ? '>' : token[i - 1];
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash & (Buckets - 1));
    }
}
