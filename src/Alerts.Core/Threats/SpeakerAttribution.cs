namespace Alerts.Core.Threats;

/// <summary>
/// Decides which parts of an article are the watched official's own words: direct quotes and reported
/// speech after a reporting verb whose subject is the official (by name, alias or title), sentences the
/// official is the subject of, and "he"/"she" or a title ("the minister") that carry over from a sentence
/// naming the official.
/// What the journalist or anyone else says is left out.
/// </summary>
internal sealed class SpeakerAttribution
{
    private const int SubjectWindow = 8;
    private const int PronounWindow = 3;
    private static readonly string[] Pronouns = ["he", "she", "him"];

    private readonly List<(int Start, int End)> _credited = [];
    private readonly TextLayout _layout;

    private SpeakerAttribution(TextLayout layout) => _layout = layout;

    /// <summary>Whether a finding at <paramref name="position"/> is the official's; a quotation counts where it opens.</summary>
    public bool Credits(int position)
    {
        var quote = _layout.QuoteAt(position);
        if (quote >= 0)
        {
            position = _layout.Quotes[quote].Start;
        }

        // Disjoint and sorted after Compute: binary search keeps long articles with many findings linear.
        var low = 0;
        var high = _credited.Count - 1;
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            if (position < _credited[mid].Start)
            {
                high = mid - 1;
            }
            else if (position >= _credited[mid].End)
            {
                low = mid + 1;
            }
            else
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The automaton for an official's names, the language's generic titles ("the minister") and the
    /// pronouns; built once per official and language by <see cref="SpeakerMatchers"/>.
    /// </summary>
    public static SpeakerMentions BuildMatcher(SpeakerContext speaker, IReadOnlyList<string> titles)
    {
        var names = NamesOf(speaker);
        var genericTitles = titles.Where(t => !names.Contains(t, StringComparer.OrdinalIgnoreCase)).ToList();
        return new SpeakerMentions(new PhraseMatcher([.. names, .. genericTitles, .. Pronouns]), names.Count, genericTitles.Count);
    }

    public static SpeakerAttribution Compute(string text, TextLayout layout, ReadOnlySpan<PhraseHit> hits, CompiledRuleSet rules, SpeakerMentions speaker)
    {
        var result = new SpeakerAttribution(layout);
        var (matcher, nameCount, titleCount) = speaker;
        using var mentions = new PooledList<PhraseHit>();
        matcher.Scan(text, mentions);
        var mentionSpan = mentions.AsSpan().ToArray();
        Array.Sort(mentionSpan, static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.End.CompareTo(a.End));

        // A text that never names the official is taken as the official's own statement (already extracted);
        // only speech reported from someone else is then left out.
        var statementOnly = !Array.Exists(mentionSpan, x => x.Phrase < nameCount);
        var officialInFocus = statementOnly;
        var m = 0;
        var h = 0;
        foreach (var sentence in layout.Sentences)
        {
            var sentenceMentions = new List<PhraseHit>();
            while (m < mentionSpan.Length && mentionSpan[m].Start < sentence.End)
            {
                if (mentionSpan[m].Start >= sentence.Start)
                {
                    sentenceMentions.Add(mentionSpan[m]);
                }

                m++;
            }

            var verbs = new List<PhraseHit>();
            while (h < hits.Length && hits[h].Start < sentence.End)
            {
                if (hits[h].Start >= sentence.Start && rules.InLexicon(hits[h].Phrase, rules.Reporting))
                {
                    verbs.Add(hits[h]);
                }

                h++;
            }

            bool IsName(PhraseHit hit) => hit.Phrase < nameCount;
            bool IsNameOrTitle(PhraseHit hit) => hit.Phrase < nameCount + titleCount;
            var namesOfficial = sentenceMentions.Exists(IsName);

            // The part before the first reporting verb belongs to the sentence's subject.
            var leadIsOfficial = (statementOnly && officialInFocus) || sentenceMentions.Exists(x =>
                layout.WordDistance(sentence.Start, x.Start) <= SubjectWindow && (IsName(x) || officialInFocus));
            var startsWithQuote = StartsWithQuote(text, sentence);
            var speakerIsOfficial = leadIsOfficial;
            var sawOther = false;
            var segmentStart = sentence.Start;
            for (var v = 0; v < verbs.Count; v++)
            {
                var verb = verbs[v];
                var subject = SubjectOf(text, layout, verb, v == 0 ? sentence.Start : verbs[v - 1].End, sentenceMentions, IsName, IsNameOrTitle, officialInFocus || namesOfficial);
                var official = subject ?? speakerIsOfficial;
                if (v == 0 && startsWithQuote)
                {
                    // "We will crush them," Asif said: the opening quote is the reporting verb's subject's.
                    speakerIsOfficial = official;
                }

                if (speakerIsOfficial)
                {
                    result._credited.Add((segmentStart, verb.Start));
                }
                else if (official && QuoteClosingBefore(layout, verb.Start, segmentStart) is { } quote)
                {
                    // "... meaningless," Araghchi wrote: the quote just before the verb is its subject's.
                    result._credited.Add((quote.Start, quote.End));
                }

                sawOther |= subject == false;
                speakerIsOfficial = official;
                segmentStart = verb.Start;
            }

            if (speakerIsOfficial)
            {
                result._credited.Add((segmentStart, sentence.End));
            }

            if (namesOfficial)
            {
                officialInFocus = true;
            }
            else if (sawOther)
            {
                officialInFocus = false;
            }
        }

        result.MergeCredited();
        return result;
    }

    private void MergeCredited()
    {
        _credited.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        var merged = 0;
        for (var i = 0; i < _credited.Count; i++)
        {
            var range = _credited[i];
            if (merged > 0 && range.Start <= _credited[merged - 1].End)
            {
                _credited[merged - 1] = (_credited[merged - 1].Start, Math.Max(_credited[merged - 1].End, range.End));
            }
            else
            {
                _credited[merged++] = range;
            }
        }

        _credited.RemoveRange(merged, _credited.Count - merged);
    }

    private static List<string> NamesOf(SpeakerContext speaker)
    {
        var names = new List<string>();
        void Add(string? name)
        {
            if (!string.IsNullOrWhiteSpace(name) && name.Trim().Length <= PhraseMatcher.MaxPhraseLength
                && !names.Contains(name.Trim(), StringComparer.OrdinalIgnoreCase))
            {
                names.Add(name.Trim());
            }
        }

        Add(speaker.Name);
        foreach (var alias in speaker.Aliases ?? [])
        {
            Add(alias);
        }

        // The press writes the surname alone after the first mention ("Asif said").
        var parts = (speaker.Name ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length >= 2 && parts[^1].Length >= 3)
        {
            Add(parts[^1]);
        }

        return names;
    }

    /// <summary>True when the verb's subject is the official, false when it is someone else, null when it has none of its own.</summary>
    private static bool? SubjectOf(
        string text, TextLayout layout, PhraseHit verb, int from, List<PhraseHit> mentions,
        Func<PhraseHit, bool> isName, Func<PhraseHit, bool> isNameOrTitle, bool officialInFocus)
    {
        PhraseHit? closest = null;
        foreach (var mention in mentions)
        {
            if (mention.End <= verb.Start && mention.Start >= from
                && layout.WordDistance(mention.Start, verb.Start) <= (isNameOrTitle(mention) ? SubjectWindow : PronounWindow))
            {
                closest = mention;
            }
        }

        if (closest is { } subject)
        {
            return isName(subject) || officialInFocus;
        }

        // "... but warned that": a coordinated verb shares the subject of the verb before it.
        if (PrecedingWord(text, verb.Start, from) is "but" or "and" or "also" or "further" or "then" or "later")
        {
            return null;
        }

        if (HasNameBefore(text, verb.Start, from, mentions))
        {
            return false;
        }

        // "..., said Asif" and "according to him" name the subject after the verb.
        foreach (var mention in mentions)
        {
            if (mention.Start >= verb.End && layout.WordDistance(verb.Start, mention.Start) <= PronounWindow
                && (isName(mention) || text.AsSpan(mention.Start, mention.End - mention.Start).Equals("him", StringComparison.OrdinalIgnoreCase)))
            {
                return isName(mention) || officialInFocus;
            }
        }

        return null;
    }

    private static string PrecedingWord(string text, int position, int from)
    {
        var end = position;
        while (end > from && !char.IsLetter(text[end - 1]))
        {
            end--;
        }

        var start = end;
        while (start > from && char.IsLetter(text[start - 1]))
        {
            start--;
        }

        return text[start..end].ToLowerInvariant();
    }

    /// <summary>A capitalised word other than the official's in the few words before the verb: someone else speaks.</summary>
    private static bool HasNameBefore(string text, int verbStart, int from, List<PhraseHit> mentions)
    {
        var words = 0;
        var i = verbStart - 1;
        while (i >= from && words < 4)
        {
            while (i >= from && !char.IsLetter(text[i]))
            {
                i--;
            }

            var end = i + 1;
            while (i >= from && char.IsLetter(text[i]))
            {
                i--;
            }

            var start = i + 1;
            if (end <= start)
            {
                break;
            }

            words++;
            var capitalised = char.IsUpper(text[start]) && !(end - start == 1 && text[start] == 'I');
            if (capitalised && !mentions.Exists(x => start >= x.Start && start < x.End))
            {
                return true;
            }
        }

        return false;
    }

    private static QuoteSpan? QuoteClosingBefore(TextLayout layout, int verbStart, int from)
    {
        var index = layout.LastQuoteEndingBy(verbStart);
        if (index < 0)
        {
            return null;
        }

        var quote = layout.Quotes[index];
        return quote.End > from && layout.WordDistance(quote.End, verbStart) <= SubjectWindow ? quote : null;
    }

    private static bool StartsWithQuote(string text, SentenceSpan sentence)
    {
        for (var i = sentence.Start; i < sentence.End; i++)
        {
            if (!char.IsWhiteSpace(text[i]))
            {
                return text[i] is '"' or '\u201C' or '\u00AB';
            }
        }

        return false;
    }
}

/// <summary>An official's mention automaton: names first, then generic titles, then pronouns.</summary>
internal sealed record SpeakerMentions(PhraseMatcher Matcher, int NameCount, int TitleCount);
