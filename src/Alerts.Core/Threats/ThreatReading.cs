using System.Text;
using System.Text.RegularExpressions;

namespace Alerts.Core.Threats;

/// <summary>One sentence the judge encodes: its span in the original text and the cleaned text the encoder sees.</summary>
internal readonly record struct ReadSentence(int Start, int End, string EncoderText);

/// <summary>
/// What the learned judge reads from one text before encoding: the rule analyser's verdict, the sentences
/// to encode (the speaker's own, at most <see cref="MaxSentences"/>, those with rule phrases first), and the
/// rule engine's signals as numbers (<see cref="SignalNames"/>).
/// </summary>
internal sealed partial record ThreatReading(ThreatAnalysis Rules, IReadOnlyList<ReadSentence> Sentences, double[] Signals)
{
    /// <summary>Long texts are judged on this many sentences, so one statement costs a bounded time.</summary>
    public const int MaxSentences = 24;

    /// <summary>The encoder truncates at 256 word pieces; cutting the characters first keeps tokenising cheap.</summary>
    public const int MaxSentenceChars = 600;

    private static readonly string[] LexiconNames =
    [
        "modal", "condition", "protasis", "apodosis", "negation", "negationExempt", "pastTime", "pastVerb", "recounting",
        "condemnation", "disaster", "metaphor", "hedge", "benign", "defensive", "benignSubject", "attribution", "reporting",
    ];

    public static IReadOnlyList<string> SignalNames { get; } =
    [
        .. ThreatCategories.All.Select(c => "phrase:" + c),
        .. ThreatCategories.All.Select(c => "finding:" + c),
        "rules:threat", "rules:severity", "rules:vetoed",
        .. LexiconNames.Select(l => "lexicon:" + l),
        "question:any", "question:all", "person:first", "person:second", "sentences",
    ];

    /// <summary>Reads a text as the judge does, without encoding it (training and evaluation encode in bulk); null for a language without rules.</summary>
    public static ThreatReading? Read(ThreatAnalyzer analyzer, string text, SpeakerContext? speaker = null)
    {
        var language = LanguageDetector.Detect(text);
        return analyzer.TryGetRules(language, out var compiled)
            ? Read(text, speaker, analyzer, compiled, analyzer.Analyze(text, speaker))
            : null;
    }

    public static ThreatReading Read(string text, SpeakerContext? speaker, ThreatAnalyzer analyzer, CompiledRuleSet rules, ThreatAnalysis ruleAnalysis)
    {
        var signals = new double[SignalNames.Count];
        using var hits = new PooledList<PhraseHit>(256);
        rules.Matcher.Scan(text, hits);
        hits.Sort(static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.End.CompareTo(a.End));
        using var layout = new TextLayout(text);
        var attribution = speaker is null ? null : SpeakerAttribution.Compute(text, layout, hits.AsSpan(), rules, analyzer.Speakers.For(speaker, rules));

        // Each credited sentence with its rule-phrase categories and lexicons, in one merge over sorted hits.
        var candidates = new List<(SentenceSpan Span, int Categories, ulong Lexicons)>();
        var hitSpan = hits.AsSpan();
        var h = 0;
        foreach (var sentence in layout.Sentences)
        {
            var categories = 0;
            ulong lexicons = 0;
            while (h < hitSpan.Length && hitSpan[h].Start < sentence.Start)
            {
                h++;
            }

            for (; h < hitSpan.Length && hitSpan[h].Start < sentence.End; h++)
            {
                var phrase = hitSpan[h].Phrase;
                lexicons |= rules.LexiconsOf(phrase);
                foreach (var r in rules.RulesOf(phrase))
                {
                    categories |= 1 << CategoryIndex(rules.Rules[r].Rule.Category);
                }
            }

            if (attribution is null || Credited(attribution, sentence))
            {
                candidates.Add((sentence, categories, lexicons));
            }
        }

        var chosen = candidates.Where(c => c.Categories != 0).Take(MaxSentences).ToList();
        chosen.AddRange(candidates.Where(c => c.Categories == 0).Take(MaxSentences - chosen.Count));
        chosen.Sort(static (a, b) => a.Span.Start.CompareTo(b.Span.Start));

        var sentences = new List<ReadSentence>(chosen.Count);
        var questions = 0;
        var phraseCategories = 0;
        ulong lexiconsSeen = 0;
        foreach (var (span, categories, lexicons) in chosen)
        {
            var clean = Clean(text.AsSpan(span.Start, span.End - span.Start));
            if (clean.Length == 0)
            {
                continue;
            }

            sentences.Add(new ReadSentence(span.Start, span.End, clean));
            questions += span.Question ? 1 : 0;
            phraseCategories |= categories;
            lexiconsSeen |= lexicons;
        }

        var categoryCount = ThreatCategories.All.Count;
        for (var c = 0; c < categoryCount; c++)
        {
            signals[c] = (phraseCategories >> c & 1) != 0 ? 1 : 0;
        }

        var findings = ThreatEvaluation.Run(text, rules, speaker, analyzer.Speakers);
        foreach (var finding in findings)
        {
            var c = categoryCount + CategoryIndex(finding.Category);
            signals[c] = Math.Max(signals[c], finding.Severity / 100.0);
        }

        var next = 2 * categoryCount;
        signals[next++] = ruleAnalysis.Threat ? 1 : 0;
        signals[next++] = ruleAnalysis.Severity / 100.0;

        // Rule phrases present but nothing survived: a guard (negation, past, condemnation...) or a frame vetoed them.
        signals[next++] = phraseCategories != 0 && findings.Count == 0 ? 1 : 0;
        foreach (var name in LexiconNames)
        {
            signals[next++] = rules.Source.Lexicons.ContainsKey(name) && (lexiconsSeen & (1UL << rules.LexiconIndex(name))) != 0 ? 1 : 0;
        }

        signals[next++] = questions > 0 ? 1 : 0;
        signals[next++] = sentences.Count > 0 && questions == sentences.Count ? 1 : 0;
        signals[next++] = sentences.Exists(s => FirstPerson().IsMatch(s.EncoderText)) ? 1 : 0;
        signals[next++] = sentences.Exists(s => SecondPerson().IsMatch(s.EncoderText)) ? 1 : 0;
        signals[next] = Math.Log(1 + sentences.Count) / Math.Log(1 + MaxSentences);
        return new ThreatReading(ruleAnalysis, sentences, signals);
    }

    private static int CategoryIndex(string category)
    {
        var all = ThreatCategories.All;
        for (var i = 0; i < all.Count; i++)
        {
            if (string.Equals(all[i], category, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return all.Count - 1;
    }

    /// <summary>
    /// A sentence counts as the speaker's when most of it is credited to them: reported speech opens after
    /// its verb, so a single point is not enough either way ("General Khan warned ..." names someone else
    /// after a title that could be the official's).
    /// </summary>
    private static bool Credited(SpeakerAttribution attribution, SentenceSpan sentence)
    {
        var probes = 0;
        var credited = 0;
        for (var p = sentence.Start; p < sentence.End; p += 8)
        {
            probes++;
            credited += attribution.Credits(p) ? 1 : 0;
        }

        return probes > 0 && 2 * credited > probes;
    }

    /// <summary>Control characters become spaces, runs of white space one space, and the length is capped.</summary>
    private static string Clean(ReadOnlySpan<char> sentence)
    {
        var builder = new StringBuilder(Math.Min(sentence.Length, MaxSentenceChars));
        var space = false;
        foreach (var c in sentence)
        {
            if (builder.Length >= MaxSentenceChars)
            {
                break;
            }

            if (char.IsWhiteSpace(c) || char.IsControl(c) || char.IsSurrogate(c) || c == '\uFFFD')
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    [GeneratedRegex(@"\b(we|our|ours|us|i|my|me)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FirstPerson();

    [GeneratedRegex(@"\b(you|your|yours)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecondPerson();
}
