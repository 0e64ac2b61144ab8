using System.Collections.Concurrent;

namespace Alerts.Core.Threats;

/// <summary>
/// Per-analyser cache of the automata for officials' names, so judging many statements by the same
/// official does not rebuild one each time. Bounded: when full it starts over rather than grow.
/// </summary>
internal sealed class SpeakerMatchers
{
    private const int Capacity = 4096;
    private readonly ConcurrentDictionary<string, SpeakerMentions> _cache = new(StringComparer.Ordinal);

    public SpeakerMentions For(SpeakerContext speaker, CompiledRuleSet rules)
    {
        var key = rules.Source.Language + "\u0001" + speaker.Name + "\u0001" + string.Join('\u0001', speaker.Aliases ?? []);
        if (_cache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        if (_cache.Count >= Capacity)
        {
            _cache.Clear();
        }

        return _cache.GetOrAdd(key, _ => SpeakerAttribution.BuildMatcher(speaker, rules.Source.Lexicons.GetValueOrDefault("titles") ?? []));
    }
}
