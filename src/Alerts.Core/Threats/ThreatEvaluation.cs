namespace Alerts.Core.Threats;

/// <summary>
/// One analysis of one text: scans it once with the rule set's automaton, lays out sentences and clauses,
/// then judges each rule phrase by its frame (modal, condition) and the guards (negation, past, question,
/// condemnation, disaster, metaphor, condition clause, benign object, recounting, attribution to others).
/// </summary>
internal sealed partial class ThreatEvaluation : IDisposable
{
    private readonly string _text;
    private readonly CompiledRuleSet _rules;
    private readonly ThreatRuleSettings _settings;
    private readonly TextLayout _layout;
    private readonly PooledList<PhraseHit> _hits;
    private readonly SpeakerAttribution? _attribution;
    private readonly PooledList<int> _clauseOf;
    private readonly PooledList<int> _wordOf;

    // The lexicons present anywhere in the sentence being judged: sentence-wide guards that find nothing cost one AND.
    private ulong _sentenceLexicons;

    private ThreatEvaluation(string text, CompiledRuleSet rules, TextLayout layout, PooledList<PhraseHit> hits, SpeakerAttribution? attribution)
    {
        _text = text;
        _rules = rules;
        _settings = rules.Source.Settings;
        _layout = layout;
        _hits = hits;
        _attribution = attribution;
        (_clauseOf, _wordOf) = NumberHits(layout, hits, rules);
    }

    public static List<ThreatFinding> Run(string text, CompiledRuleSet rules, SpeakerContext? speaker, SpeakerMatchers speakers)
    {
        using var hits = new PooledList<PhraseHit>(256);
        rules.Matcher.Scan(text, hits);
        var any = false;
        foreach (var hit in hits.AsSpan())
        {
            any |= rules.HasRules(hit.Phrase);
        }

        if (!any)
        {
            return [];
        }

        hits.Sort(static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.End.CompareTo(a.End));
        using var layout = new TextLayout(text);
        var attribution = speaker is null ? null : SpeakerAttribution.Compute(text, layout, hits.AsSpan(), rules, speakers.For(speaker, rules));
        using var evaluation = new ThreatEvaluation(text, rules, layout, hits, attribution);
        return evaluation.Judge();
    }

    public void Dispose()
    {
        _clauseOf.Dispose();
        _wordOf.Dispose();
    }

    /// <summary>
    /// A clause number per hit (clause marks plus clause-breaking words such as "but" before it) and a word
    /// number per hit, in one merge over sorted offsets, so "same clause" and word distances are one subtraction.
    /// </summary>
    private static (PooledList<int> Clauses, PooledList<int> Words) NumberHits(TextLayout layout, PooledList<PhraseHit> hits, CompiledRuleSet rules)
    {
        var clauses = new PooledList<int>(hits.Count);
        var words = new PooledList<int>(hits.Count);
        var wordStarts = layout.WordStarts;
        var marks = layout.ClauseMarks;
        var word = 0;
        var mark = 0;
        var breaks = 0;
        var pending = 0;
        var pendingStart = -1;
        for (var j = 0; j < hits.Count; j++)
        {
            var hit = hits[j];
            if (hit.Start != pendingStart)
            {
                breaks += pending;
                pending = 0;
                pendingStart = hit.Start;
            }

            while (mark < marks.Length && marks[mark] < hit.Start)
            {
                mark++;
            }

            while (word + 1 < wordStarts.Length && wordStarts[word + 1] <= hit.Start)
            {
                word++;
            }

            clauses.Add(mark + breaks);
            words.Add(word);
            if (rules.InLexicon(hit.Phrase, rules.ClauseBreak))
            {
                pending++;
            }
        }

        return (clauses, words);
    }

    private List<ThreatFinding> Judge()
    {
        var findings = new List<ThreatFinding>();
        var hits = _hits.AsSpan();
        var first = 0;
        var sentences = _layout.Sentences;
        for (var s = 0; s < sentences.Length; s++)
        {
            var sentence = sentences[s];
            while (first < hits.Length && hits[first].Start < sentence.Start)
            {
                first++;
            }

            var last = first;
            _sentenceLexicons = 0;
            while (last < hits.Length && hits[last].Start < sentence.End)
            {
                _sentenceLexicons |= _rules.LexiconsOf(hits[last].Phrase);
                last++;
            }

            for (var h = first; h < last; h++)
            {
                foreach (var r in _rules.RulesOf(hits[h].Phrase))
                {
                    if (Judge(h, r, first, last, sentence) is { } severity)
                    {
                        var hit = hits[h];
                        var rule = _rules.Rules[r].Rule;
                        findings.Add(new ThreatFinding(hit.Start, hit.End, _text[hit.Start..hit.End], rule.Category, rule.Id, severity, s,
                            rule.Frame == ThreatFrame.WithThreat));
                    }
                }
            }

            first = last;
        }

        return KeepStrongestPerSpan(DropLoneAmplifiers(findings));
    }

    /// <summary>The severity the rule gives this hit, or null when its frame fails or a guard vetoes it.</summary>
    private int? Judge(int h, int r, int first, int last, SentenceSpan sentence)
    {
        var hits = _hits.AsSpan();
        var hit = hits[h];
        var compiled = _rules.Rules[r];
        var rule = compiled.Rule;
        if (_attribution is not null && !_attribution.Credits(hit.Start))
        {
            return null;
        }

        var partner = -1;
        if (compiled.NearLexicon >= 0)
        {
            partner = FindNear(h, first, last, compiled.NearLexicon, rule.Near!);
            if (partner < 0)
            {
                return null;
            }
        }

        var frameHolds = rule.Frame switch
        {
            ThreatFrame.Future => HasModalBefore(h, first)
                || (Has(first, last, _rules.Condition, h)
                    && (partner >= 0 || !compiled.Applies(ThreatGuard.Subject) || !IsSubjectOfModal(h, last))),
            ThreatFrame.Conditional => Has(first, last, _rules.Condition, h),
            _ => true,
        };
        if (!frameHolds || Vetoed(compiled, h, partner, first, last, sentence))
        {
            return null;
        }

        var severity = (double)rule.Severity;
        if (IsHedged(h, first))
        {
            severity *= _settings.HedgeFactor;
        }

        return (int)Math.Round(severity);
    }

    /// <summary>
    /// "the attacks will stop if ...": a phrase right before a modal is what the sentence is about, not a threat.
    /// Rules with a partner ("negotiations would be meaningless") are exempt: there the subject is the point.
    /// </summary>
    private bool IsSubjectOfModal(int h, int last)
    {
        var hits = _hits.AsSpan();
        for (var j = h + 1; j < last && WordsBetween(h, j) <= 1; j++)
        {
            if (hits[j].Start >= hits[h].End && _rules.InLexicon(hits[j].Phrase, _rules.Modal) && SameClause(h, j))
            {
                return true;
            }
        }

        return false;
    }

    private bool SameClause(int a, int b) => _clauseOf[a] == _clauseOf[b];

    /// <summary>Words from hit <paramref name="from"/> to hit <paramref name="to"/>, negative when <paramref name="to"/> comes first.</summary>
    private int WordsBetween(int from, int to) => _wordOf[to] - _wordOf[from];

    private bool InSentence(int lexicon) => (_sentenceLexicons & (1UL << lexicon)) != 0;

    /// <summary>Ultimatum markers ("otherwise", "or else") count only next to a finding of their own sentence or the one before.</summary>
    private static List<ThreatFinding> DropLoneAmplifiers(List<ThreatFinding> findings)
    {
        var sentences = findings.Where(f => !f.Amplifier).Select(f => f.Sentence).ToHashSet();
        return findings.Where(f => !f.Amplifier || sentences.Contains(f.Sentence) || sentences.Contains(f.Sentence - 1) || sentences.Contains(f.Sentence + 1)).ToList();
    }

    /// <summary>Where phrases overlap ("pay a heavy price" and "heavy price"), the longer and then the stronger one explains it.</summary>
    private static List<ThreatFinding> KeepStrongestPerSpan(List<ThreatFinding> findings)
    {
        findings.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        var kept = new List<ThreatFinding>();
        var cluster = new List<ThreatFinding>();
        var clusterEnd = -1;
        foreach (var finding in findings)
        {
            if (finding.Start >= clusterEnd && cluster.Count > 0)
            {
                KeepFromCluster(cluster, kept);
                cluster.Clear();
            }

            cluster.Add(finding);
            clusterEnd = Math.Max(clusterEnd, finding.End);
        }

        KeepFromCluster(cluster, kept);
        kept.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        return kept;
    }

    private static void KeepFromCluster(List<ThreatFinding> cluster, List<ThreatFinding> kept)
    {
        var chosen = new List<ThreatFinding>();
        foreach (var finding in cluster.OrderByDescending(f => f.End - f.Start).ThenByDescending(f => f.Severity))
        {
            if (!chosen.Exists(k => k.Start < finding.End && finding.Start < k.End))
            {
                chosen.Add(finding);
            }
        }

        kept.AddRange(chosen);
    }
}
