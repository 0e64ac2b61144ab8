namespace Alerts.Core.Threats;

/// <summary>
/// One analysis of one text: scans it once with the rule set's automaton, lays out sentences and clauses,
/// then judges each rule phrase by its frame (modal, condition) and the guards (negation, past, question,
/// condemnation, disaster, metaphor, condition clause, benign object, recounting, attribution to others).
/// </summary>
internal sealed class ThreatEvaluation
{
    private const int BenignAfterWindow = 6;
    private const int BenignBeforeWindow = 4;
    private const int DefensiveWindow = 5;

    private readonly string _text;
    private readonly CompiledRuleSet _rules;
    private readonly ThreatRuleSettings _settings;
    private readonly TextLayout _layout;
    private readonly PooledList<PhraseHit> _hits;
    private readonly SpeakerAttribution? _attribution;
    private readonly PooledList<int> _clauseOf;

    private ThreatEvaluation(string text, CompiledRuleSet rules, TextLayout layout, PooledList<PhraseHit> hits, SpeakerAttribution? attribution)
    {
        _text = text;
        _rules = rules;
        _settings = rules.Source.Settings;
        _layout = layout;
        _hits = hits;
        _attribution = attribution;
        _clauseOf = ClausesOf(layout, hits, rules);
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
        var attribution = speaker is null ? null : SpeakerAttribution.Compute(text, layout, hits.AsSpan(), rules, speakers.For(speaker));
        var evaluation = new ThreatEvaluation(text, rules, layout, hits, attribution);
        try
        {
            return evaluation.Judge();
        }
        finally
        {
            evaluation._clauseOf.Dispose();
        }
    }

    /// <summary>
    /// A clause number per hit: clause marks before it plus clause-breaking words ("but", "however") before it,
    /// so "same clause" is one comparison instead of a search.
    /// </summary>
    private static PooledList<int> ClausesOf(TextLayout layout, PooledList<PhraseHit> hits, CompiledRuleSet rules)
    {
        var clauses = new PooledList<int>(hits.Count);
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

            clauses.Add(layout.ClauseMarksBefore(hit.Start) + breaks);
            if (rules.InLexicon(hit.Phrase, rules.ClauseBreak))
            {
                pending++;
            }
        }

        return clauses;
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
            while (last < hits.Length && hits[last].Start < sentence.End)
            {
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
            ThreatFrame.Future => HasModalBefore(h, first) || Has(first, last, _rules.Condition, h),
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

    private bool Vetoed(CompiledRule compiled, int h, int partner, int first, int last, SentenceSpan sentence)
    {
        var hits = _hits.AsSpan();
        var hit = hits[h];
        if (compiled.Applies(ThreatGuard.Question) && sentence.Question)
        {
            return true;
        }

        if (compiled.Applies(ThreatGuard.Protasis) && InProtasis(h, first))
        {
            return true;
        }

        if (compiled.Applies(ThreatGuard.Negation) && IsNegated(h, partner, first, last))
        {
            return true;
        }

        if (compiled.Applies(ThreatGuard.Past) && IsPast(h, first, last))
        {
            return true;
        }

        if (compiled.Applies(ThreatGuard.Recounting) && HasBefore(first, h, _rules.Recounting, sameClause: false))
        {
            return true;
        }

        if (compiled.Applies(ThreatGuard.Attribution) && HasBefore(first, h, _rules.Attribution, sameClause: false))
        {
            return true;
        }

        if (compiled.Applies(ThreatGuard.Disaster) && Has(first, last, _rules.Disaster, -1))
        {
            return true;
        }

        if (compiled.Applies(ThreatGuard.Metaphor) && Has(first, last, _rules.Metaphor, -1))
        {
            return true;
        }

        if (compiled.Applies(ThreatGuard.Condemnation) && IsCondemnation(h, first, last))
        {
            return true;
        }

        if (compiled.Applies(ThreatGuard.Benign) && HasBenignObject(h, first, last))
        {
            return true;
        }

        return false;
    }

    /// <summary>"crush inflation", "inflation will be crushed", "defend against any attack": a harmless object or subject, or a defensive frame.</summary>
    private bool HasBenignObject(int h, int first, int last)
    {
        var hits = _hits.AsSpan();
        var hit = hits[h];
        for (var j = first; j < last; j++)
        {
            var cue = hits[j];
            if (j == h || !_rules.InLexicon(cue.Phrase, _rules.Benign))
            {
                continue;
            }

            if (cue.Start >= hit.End && _layout.WordDistance(hit.Start, cue.Start) <= BenignAfterWindow)
            {
                return true;
            }

            if (cue.End <= hit.Start && _layout.WordDistance(cue.Start, hit.Start) <= BenignBeforeWindow && SameClause(j, h))
            {
                return true;
            }
        }

        // "the economy will face serious consequences", "the new law will punish": the subject suffers or is no one.
        for (var j = first; j < h; j++)
        {
            var cue = hits[j];
            if (_rules.InLexicon(cue.Phrase, _rules.BenignSubject) && cue.End <= hit.Start
                && _layout.WordDistance(cue.Start, hit.Start) <= BenignBeforeWindow && SameClause(j, h))
            {
                return true;
            }
        }

        // "defend our country against any attack": the harm word is what is warded off.
        for (var j = first; j < h; j++)
        {
            var cue = hits[j];
            if (_rules.InLexicon(cue.Phrase, _rules.Defensive) && cue.End <= hit.Start
                && _layout.WordDistance(cue.Start, hit.Start) <= DefensiveWindow && SameClause(j, h))
            {
                return true;
            }
        }

        return false;
    }

    private int FindNear(int h, int first, int last, int lexicon, ThreatNear near)
    {
        var hits = _hits.AsSpan();
        var hit = hits[h];
        for (var j = first; j < last; j++)
        {
            var other = hits[j];
            if (j == h || !_rules.InLexicon(other.Phrase, lexicon) || (other.Start < hit.End && other.End > hit.Start))
            {
                continue;
            }

            var distance = _layout.WordDistance(hit.Start, other.Start);
            if ((other.Start < hit.Start && -distance <= near.Before) || (other.Start > hit.Start && distance <= near.After))
            {
                return j;
            }
        }

        return -1;
    }

    /// <summary>A cue of <paramref name="lexicon"/> in the sentence that does not overlap hit <paramref name="except"/> ("every attack" is no condition for "attack").</summary>
    private bool Has(int first, int last, int lexicon, int except)
    {
        var hits = _hits.AsSpan();
        for (var j = first; j < last; j++)
        {
            if (j != except && _rules.InLexicon(hits[j].Phrase, lexicon)
                && (except < 0 || hits[j].End <= hits[except].Start || hits[j].Start >= hits[except].End))
            {
                return true;
            }
        }

        return false;
    }

    private bool HasBefore(int first, int h, int lexicon, bool sameClause)
    {
        var hits = _hits.AsSpan();
        for (var j = first; j < h; j++)
        {
            if (_rules.InLexicon(hits[j].Phrase, lexicon) && hits[j].End <= hits[h].Start
                && (!sameClause || SameClause(j, h)))
            {
                return true;
            }
        }

        return false;
    }

    private bool HasModalBefore(int h, int first)
    {
        var hits = _hits.AsSpan();
        for (var j = h - 1; j >= first; j--)
        {
            if (_rules.InLexicon(hits[j].Phrase, _rules.Modal) && hits[j].End <= hits[h].Start
                && _layout.WordDistance(hits[j].Start, hits[h].Start) <= _settings.ModalWindow
                && SameClause(j, h))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsHedged(int h, int first)
    {
        var hits = _hits.AsSpan();
        for (var j = h - 1; j >= first; j--)
        {
            if (_rules.InLexicon(hits[j].Phrase, _rules.Hedge) && hits[j].End <= hits[h].Start
                && _layout.WordDistance(hits[j].Start, hits[h].Start) <= _settings.ModalWindow
                && SameClause(j, h))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"If they attack, ...": a phrase inside the condition describes the trigger, not the threat.</summary>
    private bool InProtasis(int h, int first)
    {
        var hits = _hits.AsSpan();
        for (var j = h - 1; j >= first; j--)
        {
            var other = hits[j];
            if (other.End > hits[h].Start)
            {
                continue;
            }

            if (_rules.InLexicon(other.Phrase, _rules.Apodosis))
            {
                return false;
            }

            if (_rules.InLexicon(other.Phrase, _rules.Protasis))
            {
                return !_layout.HasClauseMarkBetween(other.End, hits[h].Start);
            }
        }

        return false;
    }

    private bool IsNegated(int h, int partner, int first, int last)
    {
        var hits = _hits.AsSpan();
        var hit = hits[h];
        var spanStart = partner >= 0 ? Math.Min(hit.Start, hits[partner].Start) : hit.Start;
        var spanEnd = partner >= 0 ? Math.Max(hit.Start, hits[partner].Start) : hit.Start;
        for (var j = first; j < last; j++)
        {
            var cue = hits[j];
            if (!_rules.InLexicon(cue.Phrase, _rules.Negation) || (cue.Start >= hit.Start && cue.Start < hit.End))
            {
                continue;
            }

            var before = cue.End <= spanStart && _layout.WordDistance(cue.Start, spanStart) <= _settings.NegationWindow;
            var between = cue.Start > spanStart && cue.End <= spanEnd;
            if ((before || between) && SameClause(j, h) && !IsExempt(cue, first, last))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsExempt(PhraseHit cue, int first, int last)
    {
        var hits = _hits.AsSpan();
        for (var j = first; j < last; j++)
        {
            var other = hits[j];
            if (_rules.InLexicon(other.Phrase, _rules.NegationExempt) && other.Start <= cue.Start && other.End >= cue.End)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An explicit past time ("in 1971", "ago") in the clause, or a past verb with no modal to look forward.</summary>
    private bool IsPast(int h, int first, int last)
    {
        var hits = _hits.AsSpan();
        var hit = hits[h];
        var pastVerb = false;
        var modal = false;
        for (var j = first; j < last; j++)
        {
            var other = hits[j];
            if (j == h || !SameClause(j, h))
            {
                continue;
            }

            if (_rules.InLexicon(other.Phrase, _rules.PastTime))
            {
                return true;
            }

            pastVerb |= other.End <= hit.Start && _rules.InLexicon(other.Phrase, _rules.PastVerb);
            modal |= other.End <= hit.Start && _rules.InLexicon(other.Phrase, _rules.Modal);
        }

        return pastVerb && !modal;
    }

    /// <summary>Condemning or accusing in the same clause, unless a modal after the cue turns to what the speaker will do.</summary>
    private bool IsCondemnation(int h, int first, int last)
    {
        var hits = _hits.AsSpan();
        var hit = hits[h];
        for (var j = first; j < last; j++)
        {
            var cue = hits[j];
            if (!_rules.InLexicon(cue.Phrase, _rules.Condemnation) || !SameClause(j, h))
            {
                continue;
            }

            var (from, to) = cue.Start < hit.Start ? (cue.End, hit.Start) : (hit.End, cue.Start);
            var modalBetween = false;
            for (var k = first; k < last && !modalBetween; k++)
            {
                modalBetween = _rules.InLexicon(hits[k].Phrase, _rules.Modal) && hits[k].Start >= from && hits[k].End <= to;
            }

            if (!modalBetween)
            {
                return true;
            }
        }

        return false;
    }

    private bool SameClause(int a, int b) => _clauseOf[a] == _clauseOf[b];

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
