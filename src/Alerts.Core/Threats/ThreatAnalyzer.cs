using System.Collections.Frozen;

namespace Alerts.Core.Threats;

/// <summary>
/// Rule-based threat analyser. The rules are data (<c>seeds/threat-rules/&lt;lang&gt;.json</c>, embedded in
/// this assembly, or a file or folder given by <see cref="ThreatOptions.RulesPath"/>); this class detects
/// the language, picks that language's rules and explains every finding with a span and a rule id.
/// </summary>
public sealed class ThreatAnalyzer : IThreatAnalyzer
{
    private readonly FrozenDictionary<string, CompiledRuleSet> _byLanguage;
    private readonly SpeakerMatchers _speakers = new();

    /// <summary>The default rules compiled into Alerts.Core.</summary>
    public ThreatAnalyzer()
        : this(ThreatRuleSetLoader.LoadEmbedded())
    {
    }

    public ThreatAnalyzer(ThreatRuleSet rules)
        : this([rules])
    {
    }

    public ThreatAnalyzer(IEnumerable<ThreatRuleSet> ruleSets)
    {
        var sets = ruleSets.ToList();
        if (sets.Count == 0)
        {
            throw new ArgumentException("At least one rule set is required.", nameof(ruleSets));
        }

        var duplicate = sets.GroupBy(s => s.Language, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Two rule sets for language '{duplicate.Key}'.", nameof(ruleSets));
        }

        _byLanguage = sets.ToFrozenDictionary(s => s.Language.ToLowerInvariant(), s => new CompiledRuleSet(s), StringComparer.Ordinal);
        Version = string.Join('+', sets.OrderBy(s => s.Language, StringComparer.Ordinal).Select(s => $"{s.Language}@{s.Version}"));
    }

    /// <summary>Language and version of every rule set, e.g. <c>en@2026.11.25</c>; stored with each statement.</summary>
    public string Version { get; }

    public IReadOnlyCollection<string> Languages => _byLanguage.Keys;

    /// <summary>The name automata cache, shared with the learned judge so it reads speakers as the rules do.</summary>
    internal SpeakerMatchers Speakers => _speakers;

    internal bool TryGetRules(string language, out CompiledRuleSet rules) => _byLanguage.TryGetValue(language, out rules!);

    /// <summary>Loads rules from a file, or from every <c>*.json</c> in a folder (one per language).</summary>
    public static ThreatAnalyzer FromPath(string path) => new(ThreatRuleSetLoader.LoadPath(path));

    /// <summary>The rules at <paramref name="rulesPath"/> (the <c>Threats__RulesPath</c> setting), or the embedded ones when it is empty.</summary>
    public static ThreatAnalyzer FromSetting(string? rulesPath) =>
        string.IsNullOrWhiteSpace(rulesPath) ? new ThreatAnalyzer() : FromPath(rulesPath);

    public ThreatAnalysis Analyze(string text, SpeakerContext? speaker = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var language = LanguageDetector.Detect(text);
        if (!_byLanguage.TryGetValue(language, out var rules))
        {
            // "und" is text with no words to read (empty, digits, junk): nothing in any language, so judged none.
            return language == LanguageDetector.Undetermined ? ThreatAnalysis.None(Version, language) : ThreatAnalysis.NotJudged(Version, language);
        }

        var findings = ThreatEvaluation.Run(text, rules, speaker, _speakers);
        return findings.Count == 0 ? ThreatAnalysis.None(Version, language) : Summarise(findings, rules.Source.Settings, language);
    }

    public static ThreatLevel LevelOf(int severity) => severity switch
    {
        <= 0 => ThreatLevel.None,
        < 30 => ThreatLevel.Low,
        < 55 => ThreatLevel.Medium,
        < 80 => ThreatLevel.High,
        _ => ThreatLevel.Critical,
    };

    private ThreatAnalysis Summarise(List<ThreatFinding> findings, ThreatRuleSettings settings, string language)
    {
        var strongest = findings.Max(f => f.Severity);
        var distinctRules = findings.Select(f => f.Rule).Distinct(StringComparer.Ordinal).Count();
        var bonus = Math.Min(settings.MaxCorroborationBonus, settings.CorroborationBonus * (distinctRules - 1));
        var severity = Math.Clamp(strongest + bonus, 0, 100);
        if (strongest < settings.ThreatThreshold)
        {
            return ThreatAnalysis.None(Version, language);
        }

        var categories = findings.GroupBy(f => f.Category, StringComparer.Ordinal)
            .OrderByDescending(g => g.Max(f => f.Severity))
            .ThenBy(g => g.Min(f => f.Start))
            .Select(g => g.Key)
            .ToList();
        var evidence = findings.OrderBy(f => f.Start)
            .Select(f => new ThreatEvidence(f.Start, f.End, f.Text, f.Category, f.Rule))
            .ToList();
        return new ThreatAnalysis(true, severity, LevelOf(severity), categories, evidence, Version, language);
    }
}
