namespace Alerts.Core.Threats;

internal sealed record CompiledRule(ThreatRule Rule, int NearLexicon, int IgnoredGuards)
{
    public bool Applies(ThreatGuard guard) => (IgnoredGuards & (1 << (int)guard)) == 0;
}

/// <summary>
/// A rule set turned into one automaton: every phrase of every lexicon and rule is one pattern, and each
/// pattern knows which lexicons (a bit mask) and rules it belongs to.
/// </summary>
internal sealed class CompiledRuleSet
{
    private readonly Dictionary<string, int> _lexiconIndex;
    private readonly ulong[] _lexiconMask;
    private readonly int[][] _rulesOf;

    public CompiledRuleSet(ThreatRuleSet source)
    {
        Source = source;
        if (source.Lexicons.Count > 64)
        {
            throw new InvalidDataException("At most 64 lexicons fit the engine's bit mask.");
        }

        _lexiconIndex = source.Lexicons.Keys.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i, StringComparer.Ordinal);
        var patternIndex = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var phrases = new List<string>();
        var masks = new List<ulong>();
        var rules = new List<List<int>>();

        int PatternOf(string phrase)
        {
            var key = phrase.Trim();
            if (!patternIndex.TryGetValue(key, out var index))
            {
                index = phrases.Count;
                patternIndex[key] = index;
                phrases.Add(key);
                masks.Add(0);
                rules.Add([]);
            }

            return index;
        }

        foreach (var (name, list) in source.Lexicons)
        {
            foreach (var phrase in list)
            {
                var p = PatternOf(phrase);
                masks[p] |= 1UL << _lexiconIndex[name];
            }
        }

        Rules = new CompiledRule[source.Rules.Count];
        for (var r = 0; r < source.Rules.Count; r++)
        {
            var rule = source.Rules[r];
            var ignored = rule.Ignore.Aggregate(0, (mask, guard) => mask | (1 << (int)guard));
            Rules[r] = new CompiledRule(rule, rule.Near is null ? -1 : _lexiconIndex[rule.Near.Lexicon], ignored);
            foreach (var phrase in rule.Phrases)
            {
                var list = rules[PatternOf(phrase)];
                if (!list.Contains(r))
                {
                    list.Add(r);
                }
            }
        }

        Matcher = new PhraseMatcher(phrases);
        _lexiconMask = [.. masks];
        _rulesOf = rules.Select(l => l.ToArray()).ToArray();

        Modal = _lexiconIndex["modal"];
        Condition = _lexiconIndex["condition"];
        Protasis = _lexiconIndex["protasis"];
        Apodosis = _lexiconIndex["apodosis"];
        ClauseBreak = _lexiconIndex["clauseBreak"];
        Negation = _lexiconIndex["negation"];
        NegationExempt = _lexiconIndex["negationExempt"];
        PastTime = _lexiconIndex["pastTime"];
        PastVerb = _lexiconIndex["pastVerb"];
        Recounting = _lexiconIndex["recounting"];
        Condemnation = _lexiconIndex["condemnation"];
        Disaster = _lexiconIndex["disaster"];
        Metaphor = _lexiconIndex["metaphor"];
        Hedge = _lexiconIndex["hedge"];
        Benign = _lexiconIndex["benign"];
        Defensive = _lexiconIndex["defensive"];
        BenignSubject = _lexiconIndex["benignSubject"];
        Attribution = _lexiconIndex["attribution"];
        Reporting = _lexiconIndex["reporting"];
    }

    public ThreatRuleSet Source { get; }

    public PhraseMatcher Matcher { get; }

    public CompiledRule[] Rules { get; }

    public int Modal { get; }

    public int Condition { get; }

    public int Protasis { get; }

    public int Apodosis { get; }

    public int ClauseBreak { get; }

    public int Negation { get; }

    public int NegationExempt { get; }

    public int PastTime { get; }

    public int PastVerb { get; }

    public int Recounting { get; }

    public int Condemnation { get; }

    public int Disaster { get; }

    public int Metaphor { get; }

    public int Hedge { get; }

    public int Benign { get; }

    public int Defensive { get; }

    public int BenignSubject { get; }

    public int Attribution { get; }

    public int Reporting { get; }

    /// <summary>The bit of a named lexicon in <see cref="LexiconsOf"/>.</summary>
    public int LexiconIndex(string name) => _lexiconIndex[name];

    public bool InLexicon(int pattern, int lexicon) => (_lexiconMask[pattern] & (1UL << lexicon)) != 0;

    public ulong LexiconsOf(int pattern) => _lexiconMask[pattern];

    public int[] RulesOf(int pattern) => _rulesOf[pattern];

    public bool HasRules(int pattern) => _rulesOf[pattern].Length > 0;
}
