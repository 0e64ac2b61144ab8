using System.Text.RegularExpressions;

namespace Alerts.Core.Threats;

/// <summary>
/// First honest analyser: a short list of threat phrases with a negation guard. The threat-analysis
/// work replaces it with data-driven rules; the contract (<see cref="IThreatAnalyzer"/>) stays.
/// </summary>
public sealed partial class ThreatAnalyzer : IThreatAnalyzer
{
    private static readonly (string Phrase, string Category, int Severity)[] Phrases =
    [
        ("total destruction", ThreatCategories.MilitaryForce, 85),
        ("obliterate", ThreatCategories.MilitaryForce, 85),
        ("crushing", ThreatCategories.MilitaryForce, 75),
        ("heavy price", ThreatCategories.NonspecificWarning, 60),
        ("so be it", ThreatCategories.Ultimatum, 60),
        ("only war", ThreatCategories.Ultimatum, 70),
        ("sanctions", ThreatCategories.SanctionsEconomic, 40),
    ];

    public string Version => "0.1.0";

    public ThreatAnalysis Analyze(string text, SpeakerContext? speaker = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var evidence = new List<ThreatEvidence>();
        var severity = 0;
        foreach (var (phrase, category, weight) in Phrases)
        {
            var index = 0;
            while ((index = text.IndexOf(phrase, index, StringComparison.OrdinalIgnoreCase)) >= 0)
            {
                var sentenceStart = Math.Max(0, text.LastIndexOfAny(['.', '!', '?'], Math.Max(0, index - 1)) + 1);
                if (!Negation().IsMatch(text.AsSpan(sentenceStart, index - sentenceStart)))
                {
                    evidence.Add(new ThreatEvidence(index, index + phrase.Length, text.Substring(index, phrase.Length), category, "phrase:" + phrase));
                    severity = Math.Max(severity, weight);
                }

                index += phrase.Length;
            }
        }

        if (evidence.Count == 0)
        {
            return ThreatAnalysis.None(Version, "en");
        }

        evidence.Sort((a, b) => a.Start.CompareTo(b.Start));
        var categories = evidence.Select(e => e.Category).Distinct(StringComparer.Ordinal).ToList();
        return new ThreatAnalysis(true, severity, LevelOf(severity), categories, evidence, Version, "en");
    }

    public static ThreatLevel LevelOf(int severity) => severity switch
    {
        <= 0 => ThreatLevel.None,
        < 30 => ThreatLevel.Low,
        < 55 => ThreatLevel.Medium,
        < 80 => ThreatLevel.High,
        _ => ThreatLevel.Critical,
    };

    [GeneratedRegex(@"\b(no|not|never|no intention)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Negation();
}
