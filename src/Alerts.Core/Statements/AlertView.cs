using System.Globalization;
using Alerts.Core.Email;
using Alerts.Core.Threats;

namespace Alerts.Core.Statements;

/// <summary>What the alert templates see: plain values only, every one still untrusted until the encoder runs.</summary>
public sealed record AlertView(
    string OfficialName,
    string Level,
    string LevelUpper,
    int Severity,
    string Gist,
    IReadOnlyList<string> Categories,
    IReadOnlyList<TextSegment> Segments,
    IReadOnlyList<EvidenceView> Evidence,
    IReadOnlyList<OutletView> Sources,
    string SaidAt,
    string DetectedAt,
    string Reason,
    bool Judged = true,
    string Language = "",
    string LanguageName = "")
{
    /// <summary>True when the verdict was made on a machine translation; both texts are then shown.</summary>
    public bool MachineTranslated { get; init; }

    public string TranslatedFromName { get; init; } = "";

    /// <summary>The machine translation, cut like <see cref="Segments"/> with the findings marked.</summary>
    public IReadOnlyList<TextSegment> TranslationSegments { get; init; } = [];

    public static AlertView From(StoredStatement statement, string reason)
    {
        var analysis = statement.Analysis;
        var gist = analysis.Evidence.Count > 0 ? GistOf(statement, analysis.Evidence[0]) : statement.Title ?? statement.Text;
        return new AlertView(
            statement.OfficialName,
            analysis.Level.ToString(),
            analysis.Level.ToString().ToUpperInvariant(),
            analysis.Severity,
            Truncate(EmailText.OneLine(gist), 110),
            analysis.Categories.Select(Display).ToList(),
            Highlight(statement.Text, analysis.Evidence.Where(e => !e.InTranslation).Select(e => (e.Start, e.End))),
            analysis.Evidence.Select(e => new EvidenceView(e.TranslatedText ?? e.Text, Display(e.Category), e.Rule)).ToList(),
            statement.Sources.Select(s => new OutletView(s.SourceName, s.Title ?? SafeLink(s.Url) ?? s.SourceName, SafeLink(s.Url))).ToList(),
            When(statement.PublishedAt),
            When(statement.DetectedAt),
            reason,
            analysis.Judged,
            analysis.Language,
            NameOfLanguage(analysis.Language))
        {
            MachineTranslated = statement.MachineTranslated,
            TranslatedFromName = NameOfLanguage(statement.TranslatedFrom ?? analysis.Language),
            TranslationSegments = statement.TranslatedText is { } translated
                ? Highlight(translated, analysis.Evidence.Where(e => e.TranslatedStart is not null && e.TranslatedEnd is not null).Select(e => (e.TranslatedStart!.Value, e.TranslatedEnd!.Value)))
                : [],
        };
    }

    /// <summary>On a machine-translated statement the gist is the translated sentence: the one the verdict was made on, in a language the reader reads.</summary>
    private static string GistOf(StoredStatement statement, ThreatEvidence evidence) =>
        statement.TranslatedText is { } translated && evidence is { TranslatedStart: { } start, TranslatedEnd: { } end }
            ? SentenceAround(translated, evidence with { Start = start, End = end, Text = evidence.TranslatedText ?? evidence.Text })
            : SentenceAround(statement.Text, evidence);

    /// <summary>"Urdu" for "ur": the note on a statement that was not judged names the language a reader must find a translator for.</summary>
    public static string NameOfLanguage(string code)
    {
        if (string.IsNullOrWhiteSpace(code) || code == "und")
        {
            return "an unknown language";
        }

        try
        {
            var name = CultureInfo.GetCultureInfo(code).EnglishName;
            return name.StartsWith("Unknown", StringComparison.Ordinal) ? code : name;
        }
        catch (CultureNotFoundException)
        {
            return code;
        }
    }

    /// <summary>Only absolute http(s) links survive; <c>javascript:</c>, <c>data:</c> and relative links are dropped.</summary>
    public static string? SafeLink(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri.AbsoluteUri : null;

    public static string When(DateTimeOffset? at) =>
        at is { } value ? value.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "unknown";

    public static string Display(string category) => category.Replace('_', ' ');

    /// <summary>
    /// The gist is the sentence the first evidence stands in: a bare phrase ("met with") tells a reader too little,
    /// the sentence ("any attack ... would be met with a crushing response") tells them what was threatened.
    /// </summary>
    private static string SentenceAround(string text, ThreatEvidence evidence)
    {
        if (evidence.Start < 0 || evidence.End > text.Length || evidence.Start >= evidence.End)
        {
            return evidence.Text;
        }

        var start = text.LastIndexOfAny(SentenceEnds, Math.Max(0, evidence.Start - 1)) + 1;
        var end = text.IndexOfAny(SentenceEnds, evidence.End);
        var sentence = text[start..(end < 0 ? text.Length : end)].Trim().Trim('"', '\u201C', '\u201D', '\'', ' ');
        return sentence.Length == 0 ? evidence.Text : sentence;
    }

    // Latin, Arabic-script (full stop and question mark) and CJK sentence ends.
    private static readonly char[] SentenceEnds = ['.', '!', '?', '\n', '\u06D4', '\u061F', '\u3002'];

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..(max - 1)] + "\u2026";

    /// <summary>A text cut into plain and evidence spans, for the template to mark up.</summary>
    private static List<TextSegment> Highlight(string text, IEnumerable<(int Start, int End)> spans)
    {
        var segments = new List<TextSegment>();
        var position = 0;
        foreach (var evidence in spans.Where(e => e.Start >= 0 && e.End <= text.Length && e.Start < e.End).OrderBy(e => e.Start))
        {
            if (evidence.Start < position)
            {
                continue;
            }

            if (evidence.Start > position)
            {
                segments.Add(new TextSegment(text[position..evidence.Start], false));
            }

            segments.Add(new TextSegment(text[evidence.Start..evidence.End], true));
            position = evidence.End;
        }

        if (position < text.Length)
        {
            segments.Add(new TextSegment(text[position..], false));
        }

        return segments;
    }
}

public sealed record TextSegment(string Text, bool Mark);

public sealed record EvidenceView(string Text, string Category, string Rule);

/// <summary>One outlet that reported the statement, as an alert lists it (its link kept only when http(s)).</summary>
public sealed record OutletView(string Name, string Title, string? Url);
