using Alerts.Core.Configuration;
using Alerts.Core.Officials;
using Alerts.Core.Sources;
using Alerts.Core.Storage;
using Alerts.Core.Threats;
using Microsoft.Extensions.Logging;

namespace Alerts.Core.Statements;

/// <summary>
/// The poll stage: reads one source, finds the items it has not seen, and hands one candidate per
/// (item, watched official) to <see cref="StatementIntake"/>, which stores a statement that is not a threat and
/// puts a threat on <c>statements</c>. The checkpoint is saved after every candidate is taken, so a crash in
/// between repeats the work (every step is idempotent) rather than loses it.
/// </summary>
public sealed class SourcePoller(
    SourceStore sources,
    OfficialDirectory officials,
    IEnumerable<ISourceReader> readers,
    IStatementExtractor extractor,
    StatementIntake intake,
    ArticleTextFetcher articles,
    TimeProvider time,
    ILogger<SourcePoller> logger)
{
    public async Task<PollOutcome> PollAsync(PollRequest request, CancellationToken cancellationToken)
    {
        var record = await sources.GetAsync(request.SourceId, cancellationToken);
        if (record is null)
        {
            logger.UnknownSourceIgnored(request.SourceId);
            return PollOutcome.Skipped("unknown source");
        }

        if (!record.Definition.Enabled)
        {
            return PollOutcome.Skipped("disabled");
        }

        var now = time.GetUtcNow();
        var result = await ReadSourceAsync(record, cancellationToken);
        switch (result.Status)
        {
            case SourceReadStatus.Failed:
                return await RecordFailureAsync(record, result, now, cancellationToken);
            case SourceReadStatus.NotModified:
                return await RecordNotModifiedAsync(record, result, now, cancellationToken);
        }

        var watched = await officials.ListAsync(cancellationToken);
        var (fresh, newHashes) = FindUnseen(result.Items, record.SeenItems);
        var drafts = await DraftCandidatesAsync(record.Definition, fresh, watched, now, request.CorrelationId, cancellationToken);

        // Judged here, the feed's candidates together: a statement that is not a threat is stored at once; only a
        // threat takes the statements queue.
        await intake.AcceptManyAsync(drafts, cancellationToken);
        await SaveProgressAsync(record, result, newHashes, now, cancellationToken);

        logger.SourcePolled(record.Definition.Id, result.Items.Count, newHashes.Count, drafts.Count);
        return new PollOutcome(SourceReadStatus.Ok, result.Items.Count, newHashes.Count, drafts.Count, null);
    }

    /// <summary>Reads the source with its reader; a missing reader or a reader's exception becomes a failed read.</summary>
    private async Task<SourceReadResult> ReadSourceAsync(SourceRecord record, CancellationToken cancellationToken)
    {
        var source = record.Definition;
        var reader = readers.FirstOrDefault(r => r.Kind == source.Kind);
        try
        {
            return reader is null
                ? SourceReadResult.Failed($"no reader for source kind {source.Kind}")
                : await reader.ReadAsync(source, record.Checkpoint, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return SourceReadResult.Failed($"{ex.GetType().Name}: {ex.Message}");
        }
    }

    private async Task<PollOutcome> RecordFailureAsync(SourceRecord record, SourceReadResult result, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var source = record.Definition;
        var failures = record.Checkpoint.ConsecutiveFailures + 1;
        var backoff = SourceSchedule.Backoff(source.PollInterval, failures, result.RetryAfter);
        var failed = record.Checkpoint with
        {
            ConsecutiveFailures = failures,
            TotalFailures = record.Checkpoint.TotalFailures + 1,
            LastError = result.Error,
            LastErrorAt = now,
            NextPollAt = now + backoff,
        };
        await sources.SaveCheckpointAsync(source.Id, failed, record.SeenItems, cancellationToken);
        logger.SourceFailed(source.Id, failures, result.Error, backoff);
        return PollOutcome.Failed(result.Error ?? "unknown error");
    }

    private async Task<PollOutcome> RecordNotModifiedAsync(SourceRecord record, SourceReadResult result, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (NeedsRecovery(record.Checkpoint))
        {
            await sources.SaveCheckpointAsync(record.Definition.Id, Recovered(record.Checkpoint, now, result), record.SeenItems, cancellationToken);
        }

        logger.SourceNotModified(record.Definition.Id);
        return PollOutcome.NotModified();
    }

    /// <summary>The items whose hash the source has not seen yet, with those hashes, in feed order.</summary>
    private static (List<FeedItem> Fresh, List<string> NewHashes) FindUnseen(IReadOnlyList<FeedItem> items, IEnumerable<string> seenItems)
    {
        var seen = new HashSet<string>(seenItems, StringComparer.Ordinal);
        var newHashes = new List<string>();
        var fresh = new List<FeedItem>();
        foreach (var item in items)
        {
            var hash = ItemHash(item);
            if (seen.Add(hash))
            {
                newHashes.Add(hash);
                fresh.Add(item);
            }
        }

        return (fresh, newHashes);
    }

    /// <summary>One candidate per (fresh item, watched official it quotes).</summary>
    private async Task<List<IntakeItem>> DraftCandidatesAsync(SourceDefinition source, List<FeedItem> fresh, IReadOnlyList<Official> watched, DateTimeOffset now, string correlationId, CancellationToken cancellationToken)
    {
        // Only web feeds link to article pages worth reading; files and X posts are complete as they are.
        var enriched = source.Kind == SourceKind.Feed ? await articles.EnrichAsync(fresh, watched, cancellationToken) : fresh;
        var drafts = new List<IntakeItem>();
        foreach (var item in enriched)
        {
            foreach (var extracted in extractor.Extract(item, watched))
            {
                var draft = new StatementCandidate(
                    "",
                    extracted.Official.Id,
                    extracted.Official.Name,
                    source.Id,
                    source.Name,
                    item.Id.Length > 1_000 ? item.Id[..1_000] : item.Id,
                    item.Link,
                    item.Title,
                    extracted.Text,
                    extracted.SaidAt ?? item.Published,
                    now,
                    correlationId);
                drafts.Add(new IntakeItem(draft, StatementExtractor.KeyText(extracted), new SpeakerContext(extracted.Official.Name, extracted.Official.Aliases)));
            }
        }

        return drafts;
    }

    /// <summary>Saves the checkpoint after every candidate is taken, and only when something in it changes.</summary>
    private async Task SaveProgressAsync(SourceRecord record, SourceReadResult result, List<string> newHashes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var validatorsChanged = result.ETag != record.Checkpoint.ETag || result.LastModified != record.Checkpoint.LastModified || result.SinceId is not null;
        if (newHashes.Count > 0 || validatorsChanged || NeedsRecovery(record.Checkpoint))
        {
            await sources.SaveCheckpointAsync(record.Definition.Id, Recovered(record.Checkpoint, now, result), [.. record.SeenItems, .. newHashes], cancellationToken);
        }
    }

    /// <summary>A checkpoint that is failing, backed off or never polled is rewritten even when nothing else changed.</summary>
    private static bool NeedsRecovery(SourceCheckpoint checkpoint) =>
        checkpoint.ConsecutiveFailures > 0 || checkpoint.NextPollAt is not null || checkpoint.LastPolledAt is null;

    private static SourceCheckpoint Recovered(SourceCheckpoint checkpoint, DateTimeOffset now, SourceReadResult result) => checkpoint with
    {
        ETag = result.ETag ?? checkpoint.ETag,
        LastModified = result.LastModified ?? checkpoint.LastModified,
        SinceId = result.SinceId ?? checkpoint.SinceId,
        LastPolledAt = now,
        NextPollAt = null,
        ConsecutiveFailures = 0,
    };

    /// <summary>Short per-source item identity; 48 bits make a collision among a feed's items vanishingly rare.</summary>
    public static string ItemHash(FeedItem item) => TableKeys.Hash(item.Id, 12);
}

public sealed record PollOutcome(SourceReadStatus Status, int Items, int NewItems, int Candidates, string? Reason)
{
    public static PollOutcome Skipped(string reason) => new(SourceReadStatus.Ok, 0, 0, 0, reason);

    public static PollOutcome Failed(string reason) => new(SourceReadStatus.Failed, 0, 0, 0, reason);

    public static PollOutcome NotModified() => new(SourceReadStatus.NotModified, 0, 0, 0, null);
}
