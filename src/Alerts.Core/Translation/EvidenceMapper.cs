using Alerts.Core.Threats;

namespace Alerts.Core.Translation;

/// <summary>
/// Maps evidence found in a translation back onto the original, sentence by sentence: Translator's sentence lengths
/// pair the n-th sentence of the original with the n-th of the translation, so a finding inside translated sentences
/// k..m points at original sentences k..m. Word-level offsets cannot be recovered this way, so the span is the whole
/// sentence. When the lengths are missing or do not add up to the two texts, the evidence keeps its offsets into the
/// translation and says so (<see cref="ThreatEvidence.InTranslation"/>).
/// </summary>
public static class EvidenceMapper
{
    public static IReadOnlyList<ThreatEvidence> MapToOriginal(string original, MachineTranslation translation, IReadOnlyList<ThreatEvidence> evidence)
    {
        var source = Spans(translation.SourceSentenceLengths, original.Length);
        var target = Spans(translation.TranslatedSentenceLengths, translation.Text.Length);
        var aligned = source is not null && target is not null && source.Count == target.Count;
        return evidence.Select(e => aligned ? Map(original, e, source!, target!) : InTranslation(e)).ToList();
    }

    private static ThreatEvidence Map(string original, ThreatEvidence e, List<(int Start, int End)> source, List<(int Start, int End)> target)
    {
        var first = target.FindIndex(s => e.Start >= s.Start && e.Start < s.End);
        var last = target.FindIndex(s => e.End > s.Start && e.End <= s.End);
        if (first < 0 || last < first)
        {
            return InTranslation(e);
        }

        var (start, end) = Trim(original, source[first].Start, source[last].End);
        if (start >= end)
        {
            return InTranslation(e);
        }

        return e with
        {
            Start = start,
            End = end,
            Text = original[start..end],
            TranslatedStart = e.Start,
            TranslatedEnd = e.End,
            TranslatedText = e.Text,
        };
    }

    private static ThreatEvidence InTranslation(ThreatEvidence e) =>
        e with { InTranslation = true, TranslatedStart = e.Start, TranslatedEnd = e.End, TranslatedText = e.Text };

    /// <summary>Consecutive spans from the lengths, or null when they do not cover the text exactly.</summary>
    private static List<(int Start, int End)>? Spans(IReadOnlyList<int> lengths, int textLength)
    {
        if (lengths.Count == 0 || lengths.Any(l => l < 0) || lengths.Sum() != textLength)
        {
            return null;
        }

        var spans = new List<(int, int)>(lengths.Count);
        var position = 0;
        foreach (var length in lengths)
        {
            spans.Add((position, position + length));
            position += length;
        }

        return spans;
    }

    private static (int Start, int End) Trim(string text, int start, int end)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        return (start, end);
    }
}
