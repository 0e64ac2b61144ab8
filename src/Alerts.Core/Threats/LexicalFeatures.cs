namespace Alerts.Core.Threats;

/// <summary>A sparse feature vector: sorted distinct indices and their values.</summary>
internal readonly record struct SparseVector(int[] Indices, float[] Values)
{
    public static SparseVector Empty { get; } = new([], []);
}

/// <summary>
/// The judge's second view of a text: its words and word pairs, hashed into a fixed number of buckets
/// (binary, the row scaled to unit length). Plain threats in words no phrase list holds ("they will regret
/// this bitterly") are carried by words the encoder's averaged embedding blurs. The hash is FNV-1a over
/// the lower-cased token, so every process and machine maps a word to the same bucket.
/// </summary>
internal static class LexicalFeatures
{
    /// <summary>2^18 buckets: few enough collisions for a corpus of thousands, and only the used ones are stored.</summary>
    public const int Buckets = 1 << 18;

    /// <summary>The sentences' words and word pairs (pairs never cross a sentence), leaving out sentence <paramref name="skip"/>.</summary>
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

            Tokenise(sentences[s], tokens);
            var previous = "<s>";
            foreach (var token in tokens)
            {
                seen.Add(Bucket(1, token, null));

                seen.Add(Bucket(2, previous, token));
                previous = token;
            }

            seen.Add(Bucket(2, previous, "</s>"));
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

    /// <summary>Lower-cased runs of letters and digits (an inner apostrophe kept), plus "?" and "!" as tokens of their own.</summary>
    internal static void Tokenise(string text, List<string> tokens)
    {
        tokens.Clear();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            var inner = (c == '\'' || c == '\u2019') && start >= 0 && i + 1 < text.Length && char.IsLetter(text[i + 1]);
            if (char.IsLetterOrDigit(c) || inner)
            {
                if (start < 0)
                {
                    start = i;
                }

                continue;
            }

            if (start >= 0)
            {
                tokens.Add(text[start..i].Replace('\u2019', '\'').ToLowerInvariant());
                start = -1;
            }

            if (c is '?' or '!')
            {
                tokens.Add(c.ToString());
            }
        }
    }

    private static int Bucket(int order, string first, string? second)
    {
        var hash = 2166136261u;
        hash = (hash ^ (uint)order) * 16777619u;
        foreach (var c in first)
        {
            hash = (hash ^ c) * 16777619u;
        }

        if (second is not null)
        {
            hash = (hash ^ ' ') * 16777619u;
            foreach (var c in second)
            {
                hash = (hash ^ c) * 16777619u;
            }
        }

        return (int)(hash & (Buckets - 1));
    }
}
