namespace Alerts.Core.Threats;

internal readonly record struct SentenceSpan(int Start, int End, bool Question);

internal readonly record struct QuoteSpan(int Start, int End);

/// <summary>
/// Sentences, clause marks, quotations and word starts of a text, found in one pass into pooled
/// buffers. The analyser asks it where a phrase sits; it never copies the text.
/// </summary>
internal sealed class TextLayout : IDisposable
{
    private static readonly string[] Abbreviations =
    [
        "mr", "mrs", "ms", "dr", "st", "gen", "lt", "col", "sen", "rep", "gov", "prof", "vs", "jr", "sr",
        "maj", "capt", "sgt", "adm", "pres", "cf", "etc", "inc", "ltd", "co", "jan", "feb", "aug",
        "sept", "oct", "nov", "dec",
    ];

    /// <summary>Text without punctuation (a crawled page, a pasted list) is cut here, so each sentence stays cheap to judge.</summary>
    public const int MaxSentenceLength = 800;

    private readonly PooledList<SentenceSpan> _sentences;
    private readonly PooledList<int> _clauseMarks;
    private readonly PooledList<QuoteSpan> _quotes;
    private readonly PooledList<int> _words;

    public TextLayout(ReadOnlySpan<char> text)
    {
        _sentences = new PooledList<SentenceSpan>(Math.Max(16, text.Length / 100));
        _clauseMarks = new PooledList<int>(Math.Max(16, text.Length / 50));
        _quotes = new PooledList<QuoteSpan>();
        _words = new PooledList<int>(Math.Max(16, text.Length / 5));
        Build(text);
    }

    public ReadOnlySpan<SentenceSpan> Sentences => _sentences.AsSpan();

    public ReadOnlySpan<QuoteSpan> Quotes => _quotes.AsSpan();

    /// <summary>Offsets where words start, ascending.</summary>
    public ReadOnlySpan<int> WordStarts => _words.AsSpan();

    /// <summary>Offsets of clause marks (, ; : ( ) dashes), ascending.</summary>
    public ReadOnlySpan<int> ClauseMarks => _clauseMarks.AsSpan();

    public int WordIndex(int position)
    {
        var index = UpperBound(_words.AsSpan(), position) - 1;
        return Math.Max(index, 0);
    }

    /// <summary>Words from <paramref name="from"/> to <paramref name="to"/>, negative when <paramref name="to"/> comes first.</summary>
    public int WordDistance(int from, int to) => WordIndex(to) - WordIndex(from);

    public bool HasClauseMarkBetween(int from, int to)
    {
        var (low, high) = from <= to ? (from, to) : (to, from);
        var marks = _clauseMarks.AsSpan();
        var first = UpperBound(marks, low - 1);
        return first < marks.Length && marks[first] < high;
    }

    /// <summary>The last quotation that closes at or before <paramref name="position"/>, or -1.</summary>
    public int LastQuoteEndingBy(int position)
    {
        var quotes = _quotes.AsSpan();
        var low = 0;
        var high = quotes.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (quotes[mid].End <= position)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low - 1;
    }

    /// <summary>The quotation holding <paramref name="position"/>, or -1.</summary>
    public int QuoteAt(int position)
    {
        var quotes = _quotes.AsSpan();
        var low = 0;
        var high = quotes.Length - 1;
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            if (position < quotes[mid].Start)
            {
                high = mid - 1;
            }
            else if (position >= quotes[mid].End)
            {
                low = mid + 1;
            }
            else
            {
                return mid;
            }
        }

        return -1;
    }

    public void Dispose()
    {
        _sentences.Dispose();
        _clauseMarks.Dispose();
        _quotes.Dispose();
        _words.Dispose();
    }

    private static int UpperBound(ReadOnlySpan<int> sorted, int value)
    {
        var low = 0;
        var high = sorted.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (sorted[mid] <= value)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    private static bool IsOpeningQuote(char c) => c is '\u201C' or '\u201E' or '\u00AB';

    private static bool IsClosingQuote(char c) => c is '\u201D' or '\u00BB';

    private static bool IsTrailer(char c) => c is '"' or '\'' or ')' or ']' or '\u201D' or '\u2019' or '\u00BB';

    private void Build(ReadOnlySpan<char> text)
    {
        var sentenceStart = 0;
        var quoteStart = -1;
        var previousIsWord = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var isWord = char.IsLetterOrDigit(c);
            if (isWord && !previousIsWord)
            {
                _words.Add(i);
            }

            previousIsWord = isWord;
            switch (c)
            {
                case '\n' or '\r' or '\u2029':
                    CloseSentence(ref sentenceStart, i, i + 1, question: false);
                    if (quoteStart >= 0)
                    {
                        // Unclosed quotes in copied articles are common; never let one swallow the next paragraph.
                        _quotes.Add(new QuoteSpan(quoteStart, i));
                        quoteStart = -1;
                    }

                    break;
                case '.' or '!' or '?' or '\u2026':
                    if (EndsSentence(text, i, out var end))
                    {
                        TrackQuotes(text, i + 1, end, ref quoteStart);
                        CloseSentence(ref sentenceStart, end, end, c == '?');
                        i = end - 1;
                        previousIsWord = false;
                    }

                    break;
                case ',' or ';' or ':' or '(' or ')' or '\u2014' or '\u2013':
                    _clauseMarks.Add(i);
                    break;
                case '-' when i > 0 && i + 1 < text.Length && text[i - 1] == ' ' && text[i + 1] == ' ':
                    _clauseMarks.Add(i);
                    break;
                case ' ' when i - sentenceStart >= MaxSentenceLength:
                    CloseSentence(ref sentenceStart, i, i + 1, question: false);
                    break;
                default:
                    if (c == '"' || IsOpeningQuote(c) || IsClosingQuote(c))
                    {
                        TrackQuote(c, i, ref quoteStart);
                    }

                    break;
            }
        }

        if (quoteStart >= 0)
        {
            _quotes.Add(new QuoteSpan(quoteStart, text.Length));
        }

        CloseSentence(ref sentenceStart, text.Length, text.Length, question: false);
    }

    private void TrackQuotes(ReadOnlySpan<char> text, int from, int to, ref int quoteStart)
    {
        for (var j = from; j < to; j++)
        {
            var c = text[j];
            if (c == '"' || IsOpeningQuote(c) || IsClosingQuote(c))
            {
                TrackQuote(c, j, ref quoteStart);
            }
        }
    }

    private void TrackQuote(char c, int position, ref int quoteStart)
    {
        if (quoteStart < 0 && !IsClosingQuote(c))
        {
            quoteStart = position;
        }
        else if (quoteStart >= 0 && !IsOpeningQuote(c))
        {
            _quotes.Add(new QuoteSpan(quoteStart, position + 1));
            quoteStart = -1;
        }
    }

    private void CloseSentence(ref int sentenceStart, int end, int next, bool question)
    {
        if (end > sentenceStart)
        {
            _sentences.Add(new SentenceSpan(sentenceStart, end, question));
        }

        sentenceStart = next;
    }

    private static bool EndsSentence(ReadOnlySpan<char> text, int i, out int end)
    {
        end = i + 1;
        while (end < text.Length && (IsTrailer(text[end]) || text[end] is '.' or '!' or '?'))
        {
            end++;
        }

        if (end < text.Length && !char.IsWhiteSpace(text[end]))
        {
            return false;
        }

        var next = end;
        while (next < text.Length && text[next] is ' ' or '\t')
        {
            next++;
        }

        if (next < text.Length && char.IsLower(text[next]))
        {
            return false;
        }

        if (text[i] != '.')
        {
            return true;
        }

        var wordStart = i;
        while (wordStart > 0 && char.IsLetter(text[wordStart - 1]))
        {
            wordStart--;
        }

        var word = text[wordStart..i];
        if (word.Length == 1 && char.IsUpper(word[0]))
        {
            return false;
        }

        foreach (var abbreviation in Abbreviations)
        {
            if (word.Equals(abbreviation, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }
}
