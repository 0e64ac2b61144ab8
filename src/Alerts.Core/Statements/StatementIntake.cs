using Alerts.Core.Configuration;
using Alerts.Core.Delivery;
using Alerts.Core.Storage;
using Alerts.Core.Telemetry;
using Alerts.Core.Threats;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;

namespace Alerts.Core.Statements;

/// <summary>
/// Where a new candidate statement enters (the poll stage and push ingest): resolve it against the
/// near-duplicate index, judge it, and store a statement that is not a threat at once, marked done, since it has
/// nothing to fan out. Only a threat (or a statement in a language the judge does not read) takes the <c>statements</c> queue, where <see cref="StatementProcessor"/>
/// stores it and queues its deliveries with the crash-safe resume.
/// </summary>
/// <remarks>
/// A statement that is not a threat costs three storage transactions: the index read, the index claim (which also
/// writes its row of the official's timeline) and the insert. Storing it here is as safe as queueing it: the caller
/// saves its checkpoint only after every candidate has been taken, so a crash repeats the work, and the insert is
/// idempotent (a known statement gains the outlet as a source instead).
/// </remarks>
public sealed class StatementIntake(
    NearDuplicateIndex nearDuplicates,
    IThreatAnalyzer analyzer,
    StatementStore statements,
    StatementTimeline timeline,
    QueueWriter queues,
    AlertsMetrics metrics,
    TimeProvider time,
    ILogger<StatementIntake> logger)
{
    /// <summary>How many of a batch's index lookups and stores run at once.</summary>
    public const int Parallelism = 8;

    /// <summary>Takes one candidate; <paramref name="keyText"/> is what identifies it (its quotations, or its text).</summary>
    public async Task<IntakeResult> AcceptAsync(StatementCandidate draft, string keyText, SpeakerContext speaker, CancellationToken cancellationToken) =>
        (await AcceptManyAsync([new IntakeItem(draft, keyText, speaker)], cancellationToken))[0];

    /// <summary>
    /// Takes a poll's candidates together: their index lookups and stores go <see cref="Parallelism"/> at a time, and
    /// they are judged in one <see cref="IThreatAnalyzer.AnalyzeMany"/> call (the learned judge encodes all their
    /// sentences together, which costs less than one encoder call per statement). Results are in input order.
    /// </summary>
    public async Task<IReadOnlyList<IntakeResult>> AcceptManyAsync(IReadOnlyList<IntakeItem> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        foreach (var (draft, keyText, speaker) in items)
        {
            ArgumentNullException.ThrowIfNull(draft);
            ArgumentNullException.ThrowIfNull(keyText);
            ArgumentNullException.ThrowIfNull(speaker);
        }

        // Judged before the index lookups, so that a routine statement's timeline row can ride in its index claim.
        var analyses = analyzer.AnalyzeMany([.. items.Select(item => new ThreatInput(item.Draft.Text, item.Speaker))]);
        var candidates = new StatementCandidate[items.Count];
        var onTimeline = new bool[items.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };

        // Outlets reporting the same words in different wrappings resolve to one statement id. The index's
        // claim-then-read settles two near-duplicates of one batch as it settles two outlets.
        await Parallel.ForAsync(0, items.Count, options, async (i, ct) =>
        {
            var (draft, keyText, _) = items[i];
            var analysis = analyses[i];
            Func<string, TableEntity>? timelineRow = StoredHere(analysis)
                ? id => StatementTimeline.RowFor(draft.OfficialId, id, draft.DetectedAt, analysis)
                : null;
            var lookup = await nearDuplicates.LookupAsync(draft.OfficialId, keyText, timelineRow, ct);
            candidates[i] = draft with { StatementId = lookup.StatementId };
            onTimeline[i] = lookup.RideAlongWritten;
        });

        var results = new IntakeResult[items.Count];
        await Parallel.ForAsync(0, items.Count, options, async (i, ct) =>
            results[i] = await StoreAsync(candidates[i], items[i].Speaker, analyses[i], onTimeline[i], ct));
        return results;
    }

    /// <summary>Whether intake stores the statement itself: a judged non-threat. A threat, or a statement nobody could read (subscribers may have asked for those), takes the queue.</summary>
    private static bool StoredHere(ThreatAnalysis analysis) => !analysis.Threat && analysis.Judged;

    private async Task<IntakeResult> StoreAsync(StatementCandidate candidate, SpeakerContext speaker, ThreatAnalysis analysis, bool onTimeline, CancellationToken cancellationToken)
    {
        if (!StoredHere(analysis))
        {
            await queues.SendAsync(AlertsNames.Queues.Statements, candidate, cancellationToken);
            return new IntakeResult(candidate.StatementId, Threat: true, Stored: false);
        }

        var source = candidate.Source();
        var (added, stored) = await statements.TryAddAsync(candidate.ToStored(speaker.Name, analysis, deliveriesQueuedAt: time.GetUtcNow()), cancellationToken);
        if (added)
        {
            // Counted here, as the analyse stage counts the threats it stores.
            metrics.StatementsFound.Add(1);
            if (!onTimeline)
            {
                // No claim carried the row (too short to index, or every key held by other statements): rare, so one write more.
                await timeline.RecordAsync(stored, cancellationToken);
            }
        }
        else
        {
            // A known statement (a re-poll, or the same words from another outlet): it gains a source and sends nothing.
            // If it is a threat whose fan-out has not finished, its own queued message finishes it.
            stored = await statements.AddSourceAsync(stored.Id, source, cancellationToken);
        }

        logger.LogStoredNotThreat(stored.Id, stored.OfficialId, candidate.CorrelationId);
        return new IntakeResult(candidate.StatementId, Threat: false, Stored: added);
    }
}

/// <summary>One candidate for intake: the draft, the text that identifies it (its quotations, or its text), and whose words count.</summary>
public sealed record IntakeItem(StatementCandidate Draft, string KeyText, SpeakerContext Speaker);

/// <summary>The id a candidate went under, whether it was judged a threat (and queued), and whether it was stored as new.</summary>
public sealed record IntakeResult(string StatementId, bool Threat, bool Stored);
