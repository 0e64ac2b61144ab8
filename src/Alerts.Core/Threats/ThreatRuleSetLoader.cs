using System.Reflection;
using System.Text.Json;

namespace Alerts.Core.Threats;

/// <summary>Reads and checks rule files, so a bad edit by ops fails at start-up with the rule's id, not at the first statement.</summary>
public static class ThreatRuleSetLoader
{
    private const string ResourcePrefix = "Alerts.Core.Threats.Rules.";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>The lexicons the engine itself reads; a rule file must define each (empty is allowed).</summary>
    public static IReadOnlyList<string> RequiredLexicons { get; } =
    [
        "modal", "condition", "protasis", "apodosis", "clauseBreak", "negation", "negationExempt",
        "pastTime", "pastVerb", "recounting", "condemnation", "disaster", "metaphor", "hedge",
        "benign", "benignSubject", "defensive", "attribution", "reporting",
    ];

    public static ThreatRuleSet Parse(string json)
    {
        var set = JsonSerializer.Deserialize<ThreatRuleSet>(json, JsonOptions)
            ?? throw new InvalidDataException("The threat rules file is empty.");
        Validate(set);
        return set;
    }

    public static ThreatRuleSet Load(Stream stream)
    {
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    public static ThreatRuleSet LoadFile(string path)
    {
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (Exception e) when (e is JsonException or InvalidDataException)
        {
            throw new InvalidDataException($"Threat rules file '{path}': {e.Message}", e);
        }
    }

    /// <summary>A file, or a folder holding one <c>&lt;lang&gt;.json</c> per language.</summary>
    public static IReadOnlyList<ThreatRuleSet> LoadPath(string path)
    {
        if (Directory.Exists(path))
        {
            var sets = Directory.EnumerateFiles(path, "*.json").Order(StringComparer.Ordinal).Select(LoadFile).ToList();
            return sets.Count > 0 ? sets : throw new InvalidDataException($"No *.json threat rules in '{path}'.");
        }

        return File.Exists(path)
            ? [LoadFile(path)]
            : throw new FileNotFoundException($"Threat rules not found at '{path}'.", path);
    }

    /// <summary>The rules compiled into Alerts.Core from <c>seeds/threat-rules/</c>.</summary>
    public static IReadOnlyList<ThreatRuleSet> LoadEmbedded()
    {
        var assembly = typeof(ThreatRuleSetLoader).Assembly;
        var sets = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => LoadResource(assembly, n))
            .ToList();
        return sets.Count > 0 ? sets : throw new InvalidOperationException("No threat rules are embedded in Alerts.Core.");
    }

    private static ThreatRuleSet LoadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded resource '{name}' is missing.");
        return Load(stream);
    }

    private static void Validate(ThreatRuleSet set)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(set.Language))
        {
            problems.Add("'language' is required");
        }

        if (string.IsNullOrWhiteSpace(set.Version))
        {
            problems.Add("'version' is required");
        }

        if (set.Settings is null)
        {
            problems.Add("'settings' is required");
        }

        if (set.Rules is null || set.Rules.Count == 0)
        {
            problems.Add("'rules' must hold at least one rule");
        }

        var lexicons = set.Lexicons ?? new Dictionary<string, IReadOnlyList<string>>();
        problems.AddRange(RequiredLexicons.Where(l => !lexicons.ContainsKey(l)).Select(l => $"lexicon '{l}' is missing"));
        problems.AddRange(lexicons.Where(l => l.Value is null || l.Value.Any(p => !IsUsablePhrase(p)))
            .Select(l => $"lexicon '{l.Key}' has an empty or over-long phrase"));

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in set.Rules ?? [])
        {
            if (string.IsNullOrWhiteSpace(rule.Id) || !ids.Add(rule.Id))
            {
                problems.Add($"rule id '{rule.Id}' is empty or repeated");
            }

            if (!ThreatCategories.All.Contains(rule.Category))
            {
                problems.Add($"rule '{rule.Id}': unknown category '{rule.Category}'");
            }

            if (rule.Severity is < 1 or > 100)
            {
                problems.Add($"rule '{rule.Id}': severity must be 1-100");
            }

            if (rule.Phrases is null || rule.Phrases.Count == 0 || rule.Phrases.Any(p => !IsUsablePhrase(p)))
            {
                problems.Add($"rule '{rule.Id}': phrases must be non-empty and at most {PhraseMatcher.MaxPhraseLength} characters");
            }

            if (rule.Ignore is null)
            {
                problems.Add($"rule '{rule.Id}': 'ignore' must be a list when given");
            }

            if (rule.Near is not null && !lexicons.ContainsKey(rule.Near.Lexicon))
            {
                problems.Add($"rule '{rule.Id}': near lexicon '{rule.Near.Lexicon}' is not defined");
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidDataException("Invalid threat rules: " + string.Join("; ", problems) + ".");
        }
    }

    private static bool IsUsablePhrase(string phrase) =>
        !string.IsNullOrWhiteSpace(phrase) && phrase.Length <= PhraseMatcher.MaxPhraseLength && phrase.Trim('*').Length > 0;
}
