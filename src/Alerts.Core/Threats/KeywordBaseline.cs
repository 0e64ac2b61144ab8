using System.Text.RegularExpressions;

namespace Alerts.Core.Threats;

/// <summary>
/// The keyword alert the product replaces ("contains warn, attack or war"), kept as the yardstick
/// <c>eval</c> prints next to the analyser's figures.
/// </summary>
public sealed partial class KeywordBaseline : IThreatAnalyzer
{
    public string Version => "keyword-baseline";

    public ThreatAnalysis Analyze(string text, SpeakerContext? speaker = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var evidence = Keywords().Matches(text)
            .Select(m => new ThreatEvidence(m.Index, m.Index + m.Length, m.Value, ThreatCategories.NonspecificWarning, "keyword:" + m.Value.ToLowerInvariant()))
            .ToList();
        return evidence.Count == 0
            ? ThreatAnalysis.None(Version, "und")
            : new ThreatAnalysis(true, 50, ThreatLevel.Medium, [ThreatCategories.NonspecificWarning], evidence, Version, "und");
    }

    [GeneratedRegex(@"\b(warn\w*|attack\w*|wars?)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Keywords();
}
