namespace Alerts.Core.Threats;

/// <summary>
/// The guards: each looks at the cues of one sentence around a rule phrase and vetoes it when the
/// phrase is negated, past, a question, condemned, a disaster, a metaphor, inside a condition, aimed at
/// something harmless, a retold warning, or someone else's alleged intent.
/// </summary>
internal sealed partial class ThreatEvaluation
{
    private const int BenignAfterWindow = 6;
    private const int BenignBeforeWindow = 4;
    private const int DefensiveWindow = 5;

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
        if (!InSentence(_rules.Benign) && !InSentence(_rules.BenignSubject) && !InSentence(_rules.Defensive))
        {
            return false;
        }

        var hits = _hits.AsSpan();
        var hit = hits[h];
        for (var j = first; j < last; j++)
        {
            var cue = hits[j];
            if (j == h || !_rules.InLexicon(cue.Phrase, _rules.Benign))
            {
                continue;
            }

            if (cue.Start >= hit.End && WordsBetween(h, j) <= BenignAfterWindow)
            {
                return true;
            }

            // "eliminate tariffs": a harmless phrase that contains the trigger.
            if (cue.Start <= hit.Start && cue.End >= hit.End && cue.End - cue.Start > hit.End - hit.Start)
            {
                return true;
            }

            if (cue.End <= hit.Start && WordsBetween(j, h) <= BenignBeforeWindow && SameClause(j, h))
            {
                return true;
            }
        }

        // "the economy will face serious consequences", "the new law will punish": the subject suffers or is no one.
        for (var j = first; j < h; j++)
        {
            var cue = hits[j];
            if (_rules.InLexicon(cue.Phrase, _rules.BenignSubject) && cue.End <= hit.Start
                && WordsBetween(j, h) <= BenignBeforeWindow && SameClause(j, h))
            {
                return true;
            }
        }

        // "defend our country against any attack": the harm word is what is warded off.
        for (var j = first; j < h; j++)
        {
            var cue = hits[j];
            if (_rules.InLexicon(cue.Phrase, _rules.Defensive) && cue.End <= hit.Start
                && WordsBetween(j, h) <= DefensiveWindow && SameClause(j, h))
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

            var distance = WordsBetween(h, j);
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
        if ((_sentenceLexicons & (1UL << lexicon)) == 0)
        {
            return false;
        }

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
        if ((_sentenceLexicons & (1UL << lexicon)) == 0)
        {
            return false;
        }

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
            if (WordsBetween(j, h) > _settings.ModalWindow)
            {
                break;
            }

            if (_rules.InLexicon(hits[j].Phrase, _rules.Modal) && hits[j].End <= hits[h].Start && SameClause(j, h))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsHedged(int h, int first)
    {
        if (!InSentence(_rules.Hedge))
        {
            return false;
        }

        var hits = _hits.AsSpan();
        for (var j = h - 1; j >= first; j--)
        {
            if (WordsBetween(j, h) > _settings.ModalWindow)
            {
                break;
            }

            if (_rules.InLexicon(hits[j].Phrase, _rules.Hedge) && hits[j].End <= hits[h].Start && SameClause(j, h))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"If they attack, ...": a phrase inside the condition describes the trigger, not the threat.</summary>
    private bool InProtasis(int h, int first)
    {
        if (!InSentence(_rules.Protasis))
        {
            return false;
        }

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
        if (!InSentence(_rules.Negation))
        {
            return false;
        }

        var hits = _hits.AsSpan();
        var hit = hits[h];
        var spanFirst = partner >= 0 && hits[partner].Start < hit.Start ? partner : h;
        var spanStart = hits[spanFirst].Start;
        var spanEnd = partner >= 0 ? Math.Max(hit.Start, hits[partner].Start) : hit.Start;
        for (var j = first; j < last; j++)
        {
            var cue = hits[j];
            if (!_rules.InLexicon(cue.Phrase, _rules.Negation) || (cue.Start >= hit.Start && cue.Start < hit.End))
            {
                continue;
            }

            var before = cue.End <= spanStart && WordsBetween(j, spanFirst) <= _settings.NegationWindow;
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
        if (!InSentence(_rules.PastTime) && !InSentence(_rules.PastVerb))
        {
            return false;
        }

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
        if (!InSentence(_rules.Condemnation))
        {
            return false;
        }

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
}
