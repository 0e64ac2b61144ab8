using Alerts.Core.Configuration;
using Alerts.Core.Delivery;
using Alerts.Core.Pipeline;
using Alerts.Core.Storage;
using Alerts.Core.Threats;
using Microsoft.Extensions.Logging;

namespace Alerts.Core.Statements;

/// <summary>
/// Where a new candidate statement enters (the poll stage and push ingest): resolve it against the
/// near-duplicate index, judge it, and store a statement that is not a threat at once, marked done, since it has
/// nothing to fan out. Only a threat (or a statement in a language the judge does not read) takes the <c>statements</c> queue, where <see cref="StatementProcessor"/>
/// stores it and queues its deliveries with the crash-safe resume.
/// </summary>
/// <remarks>
/// A statement that is not a threat costs three storage transactions: the index claim, the index read and the
/// insert. Storing it here is as safe as queueing it: the caller saves its checkpoint only after every candidate
/// has been taken, so a crash repeats the work, and the insert is idempotent (a known statement gains the outlet
/// as a source instead).
/// </remarks>
public sealed class StatementIntake(
    NearDuplicateIndex nearDuplicates,
    IThreatAnalyzer analyzer,
    StatementStore statements,
    QueueWriter queues,
    AlertsMetrics metrics,
    TimeProvider time,
    ILogger<StatementIntake> logger)
{
    /// <summary>Takes one candidate; <paramref name="keyText"/> is what identifies it (its quotations, or its text).</summary>
    public async Task<IntakeResult> AcceptAsync(StatementCandidate draft, string keyText, SpeakerContext speaker, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(speaker);

        // Outlets reporting the same words in different wrappings resolve to one statement id.
        var lookup = await nearDuplicates.LookupAsync(draft.OfficialId, keyText, cancellationToken);
        var candidate = draft with { StatementId = lookup.StatementId };
        var analysis = analyzer.Analyze(candidate.Text, speaker);
        // A statement nobody could read goes the threat's way too: subscribers may have asked for those.
        if (analysis.Threat || !analysis.Judged)
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
        }
        else
        {
            // A known statement (a re-poll, or the same words from another outlet): it gains a source and sends nothing.
            // If it is a threat whose fan-out has not finished, its own queued message finishes it.
            stored = await statements.AddSourceAsync(stored.Id, source, cancellationToken);
        }

        logger.LogDebug("Statement {StatementId} by {OfficialId} is not a threat; stored ({CorrelationId})", stored.Id, stored.OfficialId, candidate.CorrelationId);
        return new IntakeResult(candidate.StatementId, Threat: false, Stored: added);
    }
}

/// <summary>The id a candidate went under, whether it was judged a threat (and queued), and whether it was stored as new.</summary>
public sealed record IntakeResult(string StatementId, bool Threat, bool Stored);
