using System.Collections.Frozen;
using Lingua;

namespace Alerts.Core.Threats;

/// <summary>
/// The language of a statement as an ISO 639-1 code (<c>"en"</c>, <c>"ur"</c>), or <c>"und"</c>.
/// The dominant script picks the candidates; where a script is shared by several languages (Latin, Cyrillic,
/// Arabic, Devanagari) Lingua (a maintained n-gram detector) decides among them. Two shortcuts, both measured:
/// Lingua's high-accuracy models take 640 MB and ~15 ms a text for the Latin languages alone, so Latin runs in
/// low-accuracy mode (trigram models, ~5 MB for every language, about 1-2 ms a text); and because low accuracy
/// is poor on short texts while most of the stream is English, a text whose English function words clearly
/// outnumber every other language's is English without asking Lingua, and a short Latin text with no function
/// word at all stays English (as before Lingua) instead of being guessed as Swahili from eight letters.
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

    // Lingua's detectors are immutable once built and safe to share; built on first use so a host that never
    // meets a script never loads its models. Each knows only the languages that write in that script.
    private static readonly Lazy<Lingua.LanguageDetector> LatinDetector = new(() => Build(
        Language.English, Language.French, Language.German, Language.Spanish, Language.Portuguese, Language.Italian,
        Language.Dutch, Language.Turkish, Language.Polish, Language.Indonesian, Language.Malay, Language.Vietnamese,
        Language.Swahili, Language.Somali, Language.Azerbaijani, Language.Croatian, Language.Bosnian, Language.Romanian,
        Language.Hungarian, Language.Czech, Language.Slovak, Language.Swedish, Language.Danish, Language.Bokmal,
        Language.Finnish, Language.Estonian, Language.Latvian, Language.Lithuanian, Language.Albanian, Language.Tagalog,
        Language.Yoruba, Language.Oromo, Language.Catalan, Language.Slovene));

    private static readonly Lazy<Lingua.LanguageDetector> CyrillicDetector = new(() => BuildPrecise(
        Language.Russian, Language.Ukrainian, Language.Belarusian, Language.Bulgarian, Language.Serbian,
        Language.Macedonian, Language.Kazakh, Language.Mongolian));

    private static readonly Lazy<Lingua.LanguageDetector> ArabicDetector = new(() => BuildPrecise(Language.Arabic, Language.Persian, Language.Urdu));

    private static readonly Lazy<Lingua.LanguageDetector> DevanagariDetector = new(() => BuildPrecise(Language.Hindi, Language.Marathi));

    /// <summary>Below this many letters a Latin text without function words is too short for trigram statistics.</summary>
    private const int MinLettersForLingua = 60;

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
            Script.Cyrillic => Ask(CyrillicDetector, sample) ?? (sample.IndexOfAny("іїєґ") >= 0 ? "uk" : "ru"),
            Script.Arabic => Ask(ArabicDetector, sample) ?? (sample.IndexOfAny("ےٹڈڑں") >= 0 ? "ur" : sample.IndexOfAny("پچژگی") >= 0 ? "fa" : "ar"),
            Script.Hebrew => "he",
            Script.Devanagari => Ask(DevanagariDetector, sample) ?? "hi",
            Script.Georgian => "ka",
            Script.Armenian => "hy",
            Script.Ethiopic => "am",
            Script.Hangul => "ko",
            Script.Kana => "ja",
            Script.Han => scripts[(int)Script.Kana] > 0 ? "ja" : "zh",
            Script.Greek => "el",
            Script.Thai => "th",
            Script.Bengali => "bn",
            _ => Undetermined,
        };
    }

    private static string ModelsDirectory => Path.Combine(AppContext.BaseDirectory, "Lingua", "LanguageModels");

    private static Lingua.LanguageDetector Build(params Language[] languages) =>
        LanguageDetectorBuilder.FromLanguages(languages).WithLowAccuracyMode().WithLanguageModelsDirectory(ModelsDirectory).Build();

    /// <summary>High accuracy for the few languages of one non-Latin script: short Urdu reads as Persian in low accuracy.</summary>
    private static Lingua.LanguageDetector BuildPrecise(params Language[] languages) =>
        LanguageDetectorBuilder.FromLanguages(languages).WithLanguageModelsDirectory(ModelsDirectory).Build();

    /// <summary>Lingua's verdict as ISO 639-1, or null when it cannot tell.</summary>
    private static string? Ask(Lazy<Lingua.LanguageDetector> detector, ReadOnlySpan<char> sample)
    {
        var language = detector.Value.DetectLanguageOf(sample.ToString());
        return language == Language.Unknown ? null : LanguageInfo.IsoCode6391(language).ToString().ToLowerInvariant();
    }

    private static string DetectLatin(ReadOnlySpan<char> sample)
    {
        var (guess, english, others, letters) = CountFunctionWords(sample);
        if (english > 0 && english >= 2 * others)
        {
            return "en";
        }

        if (english == 0 && others == 0 && letters < MinLettersForLingua)
        {
            return "en";
        }

        return Ask(LatinDetector, sample) ?? guess;
    }

    /// <summary>
    /// The language with the most function words, English's count, the best other language's count, and the
    /// number of letters read.
    /// </summary>
    private static (string Guess, int English, int Others, int Letters) CountFunctionWords(ReadOnlySpan<char> sample)
    {
        Span<int> scores = stackalloc int[Profiles.Length];
        var letters = 0;
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
            letters += word.Length;
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

        var others = 0;
        for (var p = 1; p < Profiles.Length; p++)
        {
            others = Math.Max(others, scores[p]);
        }

        return (Profiles[best].Language, scores[0], others, letters);
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
        >= '\u0530' and <= '\u058F' => Script.Armenian,
        >= '\u10A0' and <= '\u10FF' => Script.Georgian,
        >= '\u1200' and <= '\u139F' => Script.Ethiopic,
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
        Armenian,
        Georgian,
        Ethiopic,
        Count,
    }
}
