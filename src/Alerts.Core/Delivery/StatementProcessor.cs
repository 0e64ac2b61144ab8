using Alerts.Core.Archive;
using Alerts.Core.Configuration;
using Alerts.Core.Officials;
using Alerts.Core.Statements;
using Alerts.Core.Storage;
using Alerts.Core.Subscriptions;
using Alerts.Core.Threats;
using Microsoft.Extensions.Logging;

namespace Alerts.Core.Delivery;

/// <summary>
/// The analyse stage: judge the candidate, store it once, and fan out one delivery per matching
/// subscriber. A statement already stored gains the new outlet as a source and sends nothing new,
/// unless its fan-out never finished (a crash between storing and queueing), which is then resumed.
/// </summary>
public sealed class StatementProcessor(
    StatementJudge judge,
    OfficialDirectory officials,
    StatementStore statements,
    SubscriptionStore subscriptions,
    QueueWriter queues,
    StatementTimeline timeline,
    TimeProvider time,
    ILogger<StatementProcessor> logger)
{
    public async Task<StatementOutcome> ProcessAsync(StatementCandidate candidate, CancellationToken cancellationToken)
    {
        var official = await officials.GetAsync(candidate.OfficialId, cancellationToken);
        var speaker = new SpeakerContext(official?.Name ?? candidate.OfficialName, official?.Aliases ?? []);
        var source = candidate.Source();
        var (analysis, translation) = await judge.JudgeAsync(candidate.Text, speaker, cancellationToken);

        var (added, stored) = await statements.TryAddAsync(
            // Nothing to fan out (no threat, and read): done at insert, which saves a write per statement.
            candidate.ToStored(speaker.Name, analysis, deliveriesQueuedAt: NeedsFanOut(analysis) ? null : time.GetUtcNow()) with
            {
                TranslatedText = translation?.Text,
                TranslatedFrom = translation?.From,
            },
            cancellationToken);

        if (added)
        {
            await timeline.RecordAsync(stored, cancellationToken);
        }
        else
        {
            stored = await statements.AddSourceAsync(stored.Id, source, cancellationToken);
            if (stored.DeliveriesQueuedAt is not null)
            {
                logger.LogStatementCorroborated(stored.Id, stored.CorroborationCount);
                return new StatementOutcome(stored, Added: false, Deliveries: 0);
            }
        }

        var deliveries = 0;
        if (NeedsFanOut(stored.Analysis))
        {
            foreach (var subscription in await subscriptions.FindRecipientsAsync(stored, cancellationToken))
            {
                await queues.SendAsync(AlertsNames.Queues.Deliveries, new DeliveryRequest(stored.Id, subscription.Id, candidate.CorrelationId), cancellationToken);
                deliveries++;
            }
        }

        if (stored.DeliveriesQueuedAt is null)
        {
            if (!added)
            {
                // A redelivery after a crash: the first attempt may have stopped before the timeline row (upsert: writing it twice is harmless).
                await timeline.RecordAsync(stored, cancellationToken);
            }

            await statements.MarkDeliveriesQueuedAsync(stored.Id, time.GetUtcNow(), cancellationToken);
        }

        logger.LogStatementProcessed(stored.Id, stored.OfficialId, stored.Analysis.Threat, stored.Analysis.Level, stored.Analysis.Severity, deliveries);
        return new StatementOutcome(stored, added, deliveries);
    }

    /// <summary>Threats go to their subscribers; so do statements nobody could read, for those who asked for them.</summary>
    private static bool NeedsFanOut(ThreatAnalysis analysis) => analysis.Threat || !analysis.Judged;
}

public sealed record StatementOutcome(StoredStatement Statement, bool Added, int Deliveries);
