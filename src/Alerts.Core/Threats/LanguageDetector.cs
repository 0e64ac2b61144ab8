using System.Collections.Frozen;

namespace Alerts.Core.Threats;

/// <summary>
/// Cheap language guess: the dominant script decides non-Latin languages; among Latin ones, the
/// language whose function words occur most wins, English on ties so short English lines stay English.
/// Reads at most the first <see cref="SampleLength"/> characters.
/// </summary>
public static class LanguageDetector
{
    public const string Undetermined = "und";
    private const int SampleLength = 1024;

    // Enough function words to tell Latin languages apart; reading on only costs time.
    private const int MaxFunctionWords = 60;

    // English first: ties go to English so short English lines without function words stay English.
    private static readonly (string Language, FrozenSet<string> Words)[] Profiles =
    [
        ("en", Set("the", "and", "of", "to", "is", "will", "we", "that", "in", "be", "are", "it", "they", "with", "not", "would", "have", "this", "for", "our", "you", "if", "on", "has")),
        ("fr", Set("le", "la", "les", "et", "des", "est", "nous", "que", "une", "pas", "du", "dans", "qui", "sera", "pour", "sur", "au", "ne", "vous", "avec")),
        ("de", Set("der", "die", "das", "und", "ist", "nicht", "wir", "werden", "ein", "eine", "mit", "den", "dem", "sie", "wird", "auf", "zu", "auch", "sich", "von")),
        ("es", Set("el", "la", "los", "las", "y", "que", "es", "no", "una", "del", "por", "con", "para", "se", "su", "lo", "como", "nosotros", "será")),
        ("pt", Set("o", "os", "as", "e", "que", "não", "uma", "do", "da", "dos", "das", "com", "para", "se", "nós", "será", "em", "no", "na", "é")),
        ("it", Set("il", "lo", "gli", "e", "che", "non", "una", "del", "della", "per", "con", "sono", "noi", "sarà", "di", "è", "le", "un")),
        ("nl", Set("de", "het", "een", "en", "van", "niet", "wij", "zijn", "dat", "met", "voor", "zal", "ook", "op", "te")),
        ("tr", Set("ve", "bir", "bu", "da", "de", "için", "ile", "biz", "değil", "çok", "olarak", "ama", "gibi", "daha")),
    ];

    /// <summary>Each function word with the bit of every language that uses it: one lookup per word.</summary>
    private static readonly FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> LanguagesOfWord =
        Profiles.SelectMany((p, i) => p.Words.Select(w => (Word: w, Bit: 1 << i)))
            .GroupBy(x => x.Word, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.Aggregate(0, (mask, x) => mask | x.Bit), StringComparer.Ordinal)
            .GetAlternateLookup<ReadOnlySpan<char>>();

    public static string Detect(ReadOnlySpan<char> text)
    {
        var sample = text.Length > SampleLength ? text[..SampleLength] : text;
        Span<int> scripts = stackalloc int[(int)Script.Count];
        foreach (var c in sample)
        {
            scripts[(int)ScriptOf(c)]++;
        }

        var best = Script.None;
        for (var s = Script.Latin; s < Script.Count; s++)
        {
            if (scripts[(int)s] > scripts[(int)best])
            {
                best = s;
            }
        }

        return best switch
        {
            Script.None => Undetermined,
            Script.Latin => DetectLatin(sample),
            Script.Cyrillic => sample.IndexOfAny("іїєґ") >= 0 ? "uk" : "ru",
            Script.Arabic => sample.IndexOfAny("ےٹڈڑں") >= 0 ? "ur" : sample.IndexOfAny("پچژگی") >= 0 ? "fa" : "ar",
            Script.Hebrew => "he",
            Script.Devanagari => "hi",
            Script.Hangul => "ko",
            Script.Kana => "ja",
            Script.Han => scripts[(int)Script.Kana] > 0 ? "ja" : "zh",
            Script.Greek => "el",
            Script.Thai => "th",
            Script.Bengali => "bn",
            _ => Undetermined,
        };
    }

    private static string DetectLatin(ReadOnlySpan<char> sample)
    {
        Span<int> scores = stackalloc int[Profiles.Length];
        Span<char> lower = stackalloc char[16];
        var counted = 0;
        var i = 0;
        while (i < sample.Length)
        {
            while (i < sample.Length && !char.IsLetter(sample[i]))
            {
                i++;
            }

            var start = i;
            while (i < sample.Length && char.IsLetter(sample[i]))
            {
                i++;
            }

            var word = sample[start..i];
            if (word.Length is 0 or > 16)
            {
                continue;
            }

            if (!LanguagesOfWord.TryGetValue(lower[..word.ToLowerInvariant(lower)], out var languages))
            {
                continue;
            }

            for (var p = 0; p < Profiles.Length; p++)
            {
                scores[p] += (languages >> p) & 1;
            }

            if (++counted == MaxFunctionWords)
            {
                break;
            }
        }

        var best = 0;
        for (var p = 1; p < Profiles.Length; p++)
        {
            if (scores[p] > scores[best])
            {
                best = p;
            }
        }

        return Profiles[best].Language;
    }

    private static FrozenSet<string> Set(params string[] words) => words.ToFrozenSet(StringComparer.Ordinal);

    private static Script ScriptOf(char c) => c switch
    {
        < 'A' => Script.None,
        <= 'Z' or (>= 'a' and <= 'z') => Script.Latin,
        < '\u00C0' => Script.None,
        <= '\u024F' => char.IsLetter(c) ? Script.Latin : Script.None,
        >= '\u0370' and <= '\u03FF' => Script.Greek,
        >= '\u0400' and <= '\u052F' => Script.Cyrillic,
        >= '\u0590' and <= '\u05FF' => Script.Hebrew,
        >= '\u0600' and <= '\u06FF' or (>= '\u0750' and <= '\u077F') or (>= '\uFB50' and <= '\uFEFF') => Script.Arabic,
        >= '\u0900' and <= '\u097F' => Script.Devanagari,
        >= '\u0980' and <= '\u09FF' => Script.Bengali,
        >= '\u0E00' and <= '\u0E7F' => Script.Thai,
        >= '\u1100' and <= '\u11FF' or (>= '\uAC00' and <= '\uD7AF') => Script.Hangul,
        >= '\u3040' and <= '\u30FF' => Script.Kana,
        >= '\u4E00' and <= '\u9FFF' => Script.Han,
        _ => Script.None,
    };

    private enum Script
    {
        None,
        Latin,
        Cyrillic,
        Arabic,
        Hebrew,
        Devanagari,
        Hangul,
        Kana,
        Han,
        Greek,
        Thai,
        Bengali,
        Count,
    }
}
