using System.Text;
using Alerts.Core.Officials;
using Alerts.Core.Sources;

namespace Alerts.Core.Statements;

/// <summary>
/// Picks, for each watched official an item names, the sentences that are theirs: sentences naming them
/// (by name, alias, possessive or title, any case or diacritics) with a speech cue (said, warned,
/// "according to", a quotation), sentences that carry on with "he"/"she" after one naming them, and
/// quotations that follow. Posts by the official's own account (X, Telegram, Bluesky, Mastodon) are theirs whole.
/// The analyser then judges that text with the official as speaker.
/// </summary>
public sealed class StatementExtractor : IStatementExtractor
{
    /// <summary>Keeps the statements queue message well under its 64 KiB limit.</summary>
    public const int MaxTextChars = 20_000;

    /// <summary>Quotations shorter than this are scare quotes ("crushing"), not the statement itself.</summary>
    public const int MinKeyQuoteWords = 4;

    private static readonly HashSet<string> SpeechCues = new(StringComparer.Ordinal)
    {
        "said", "says", "say", "saying", "warned", "warns", "warn", "warning", "stated", "states", "told", "tells", "tell",
        "added", "adds", "threatened", "threatens", "threaten", "threatening", "vowed", "vows", "vow", "declared", "declares",
        "announced", "announces", "wrote", "writes", "posted", "posts", "tweeted", "tweets", "insisted", "insists",
        "claimed", "claims", "urged", "urges", "accused", "accuses", "issued", "issues", "pledged", "pledges",
        "promised", "promises", "emphasized", "emphasised", "emphasizes", "emphasises", "stressed", "stresses",
        "argued", "argues", "arguing", "noted", "notes", "remarked", "cautioned", "cautions", "asserted", "asserts",
        "affirmed", "demanded", "demands", "rejected", "rejects", "dismissed", "denied", "denies", "believes", "believed",
        "slammed", "slams", "blasted", "condemned", "condemns", "called", "calls", "asked", "asks", "replied",
        "responded", "explained", "explains", "suggested", "hinted", "signalled", "signaled", "reiterated",
        "maintained", "alleged", "boasted", "admitted", "acknowledged", "confirmed", "predicted", "addressing", "telling",

        // German, French and Spanish reporting verbs (folded: no accents), for the outlets we read in those languages.
        "sagte", "sagt", "erklarte", "erklart", "warnte", "warnt", "drohte", "droht", "betonte", "forderte", "kundigte", "schrieb",
        "dit", "declare", "affirme", "averti", "menace", "estime", "ecrit", "annonce", "prevenu",
        "dijo", "afirmo", "advirtio", "declaro", "amenazo", "aseguro", "escribio", "anuncio",
    };

    /// <summary>"According to" in the same languages.</summary>
    private static readonly string[] AccordingTo = ["according to", "laut ", "zufolge", "selon ", "segun "];

    private static readonly HashSet<string> Pronouns = new(StringComparer.Ordinal) { "he", "she", "him", "his", "her" };

    public IReadOnlyList<ExtractedStatement> Extract(FeedItem item, IReadOnlyList<Official> officials)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(officials);
        var result = new List<ExtractedStatement>();

        var byAccount = officials.FirstOrDefault(o => (item.AuthorXUserId is not null && o.XUserId == item.AuthorXUserId) || SocialAccounts.Owns(o, item.AuthorAccounts));
        if (byAccount is not null)
        {
            var post = Cap(item.Text);
            result.Add(new ExtractedStatement(byAccount, post, [post], item.Published));
            return result;
        }

        var sentences = new List<string>();
        var hasTitle = !string.IsNullOrWhiteSpace(item.Title);
        if (hasTitle)
        {
            sentences.Add(item.Title!.Trim());
        }

        sentences.AddRange(SentenceSplitter.Split(item.Text).Select(s => s.Text));
        var folded = sentences.Select(TextFolding.Fold).ToList();
        var whole = string.Join("\n", folded);

        foreach (var official in officials)
        {
            var names = OfficialNames.For(official);
            if (!names.IsNamedIn(whole))
            {
                continue;
            }

            var kept = new List<string>();
            var carry = false;
            for (var i = 0; i < sentences.Count; i++)
            {
                var words = Words(folded[i]);
                var mentions = names.IsReferredToIn(folded[i], namedElsewhere: true);
                var cue = HasSpeechCue(sentences[i], folded[i], words);
                var quoted = StartsWithQuote(sentences[i]);
                var pronoun = words.Take(8).Any(Pronouns.Contains);

                var otherSpeaker = HasOtherSpeaker(sentences[i], names);

                if (mentions && cue && !otherSpeaker)
                {
                    kept.Add(sentences[i]);
                    carry = true;
                }
                else if (carry && ((pronoun && cue) || quoted) && !otherSpeaker)
                {
                    kept.Add(sentences[i]);
                }
                else
                {
                    // Named without a speech cue: a following "he said" is still theirs. Another speaker, or
                    // anything else, ends the run.
                    carry = (mentions && !otherSpeaker) || (carry && pronoun && !otherSpeaker);
                }
            }

            // A headline is the desk's summary in title case; it stands for the official's words only when
            // the body has none of its own (a one-line item).
            if (hasTitle && kept.Count > 1 && kept[0] == sentences[0])
            {
                kept.RemoveAt(0);
            }

            if (kept.Count == 0)
            {
                continue;
            }

            var text = Cap(string.Join(" ", kept));
            result.Add(new ExtractedStatement(official, text, Quotations(kept), SpeechDates.Resolve(kept, item.Published)));
        }

        return result;
    }

    /// <summary>What identifies a statement across outlets: its direct quotations when it has real ones, else its text.</summary>
    public static string KeyText(ExtractedStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var quotes = statement.Quotes?.Where(q => q.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= MinKeyQuoteWords).ToList();
        return quotes is { Count: > 0 } ? string.Join("\n", quotes) : statement.Text;
    }

    /// <summary>Words that sit between a speaker and their verb: adverbs, auxiliaries, and when ("on Wednesday", "on 29 October").</summary>
    private static readonly HashSet<string> Adverbs = new(StringComparer.Ordinal)
    {
        "also", "further", "later", "then", "again", "once", "had", "has", "have", "was", "is", "reportedly", "publicly",
        "earlier", "previously", "recently", "on", "in", "at", "today", "tonight", "yesterday", "late", "early", "last", "this",
        "week", "month", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    };

    /// <summary>
    /// True when the first speech cue has a named subject other than the official ("Sharif replied that he
    /// ...", "the Taliban said", "Mike Pence says Trump ...") or the sentence cites someone ("according to
    /// Reuters"): a capitalised word right before the cue (past adverbs, auxiliaries and time words) that is
    /// not one of the official's names. Such a sentence is someone else's, whatever its pronouns.
    /// </summary>
    private static bool HasOtherSpeaker(string sentence, OfficialNames names)
    {
        var tokens = sentence.Split([' ', ',', ';', ':', '\u201C', '\u201D', '"'], StringSplitOptions.RemoveEmptyEntries);
        for (var k = 1; k < tokens.Length; k++)
        {
            var word = TextFolding.Fold(tokens[k]).TrimEnd('.');
            if (word == "according" && k + 2 < tokens.Length && tokens[k + 1] == "to" && char.IsUpper(tokens[k + 2][0]) && !names.HasWord(tokens[k + 2]))
            {
                return true;
            }

            if (!SpeechCues.Contains(word))
            {
                continue;
            }

            var subject = k - 1;
            while (subject > 0 && (Adverbs.Contains(TextFolding.Fold(tokens[subject]).TrimEnd('.')) || tokens[subject].All(char.IsDigit)))
            {
                subject--;
            }

            // The subject of the first speech verb is the sentence's speaker; later verbs are usually theirs too
            // ("Asif issued a warning"), and in title-case headlines every word is capitalised.
            var candidate = tokens[subject];
            return char.IsUpper(candidate[0]) && !Pronouns.Contains(TextFolding.Fold(candidate)) && !names.HasWord(candidate) && (subject > 0 || !IsSentenceOpener(candidate));
        }

        return false;
    }

    /// <summary>Capitalised only because it starts the sentence ("He said", "However he said").</summary>
    private static bool IsSentenceOpener(string word) => Pronouns.Contains(TextFolding.Fold(word)) || TextFolding.Fold(word) is "however" or "but" or "and" or "later" or "then" or "separately" or "meanwhile";

    private static string Cap(string text) => text.Length > MaxTextChars ? text[..MaxTextChars] : text;

    private static bool StartsWithQuote(string sentence) => sentence.Length > 0 && sentence[0] is '"' or '\u201C' or '\u00AB';

    /// <summary>A speech verb, "according to", or a real quotation (scare quotes such as “chief propagandist” are not speech).</summary>
    private static bool HasSpeechCue(string sentence, string folded, List<string> words) =>
        words.Any(SpeechCues.Contains)
        || AccordingTo.Any(a => folded.Contains(a, StringComparison.Ordinal))
        || Quotations([sentence]).Any(q => q.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 3);

    private static List<string> Words(string folded)
    {
        var words = new List<string>();
        var builder = new StringBuilder();
        foreach (var c in folded)
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(c);
            }
            else if (builder.Length > 0)
            {
                words.Add(builder.ToString());
                builder.Clear();
            }
        }

        if (builder.Length > 0)
        {
            words.Add(builder.ToString());
        }

        return words;
    }

    /// <summary>Text between matching quotation marks (curly, guillemets or straight), in order.</summary>
    public static IReadOnlyList<string> Quotations(IEnumerable<string> sentences)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        var quotes = new List<string>();
        foreach (var sentence in sentences)
        {
            var open = -1;
            var closer = '\0';
            for (var i = 0; i < sentence.Length; i++)
            {
                var c = sentence[i];
                if (open < 0 && c is '\u201C' or '\u00AB' or '"')
                {
                    open = i;
                    closer = c switch { '\u201C' => '\u201D', '\u00AB' => '\u00BB', _ => '"' };
                }
                else if (open >= 0 && c == closer)
                {
                    var quote = sentence[(open + 1)..i].Trim().TrimEnd(',', '.', ';', ':').Trim();
                    if (quote.Length > 0)
                    {
                        quotes.Add(quote);
                    }

                    open = -1;
                }
            }
        }

        return quotes;
    }
}
