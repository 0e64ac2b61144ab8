using Alerts.Core.Configuration;
using Alerts.Core.Officials;
using Alerts.Core.Statements;
using Alerts.Core.Storage;
using Alerts.Core.Threats;
using Microsoft.Extensions.Logging;

namespace Alerts.Core.Sources;

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
            logger.LogWarning("Poll request for unknown source {SourceId} ignored ({CorrelationId})", request.SourceId, request.CorrelationId);
            return PollOutcome.Skipped("unknown source");
        }

        var source = record.Definition;
        if (!source.Enabled)
        {
            return PollOutcome.Skipped("disabled");
        }

        var reader = readers.FirstOrDefault(r => r.Kind == source.Kind);
        var now = time.GetUtcNow();
        SourceReadResult result;
        try
        {
            result = reader is null
                ? SourceReadResult.Failed($"no reader for source kind {source.Kind}")
                : await reader.ReadAsync(source, record.Checkpoint, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            result = SourceReadResult.Failed($"{ex.GetType().Name}: {ex.Message}");
        }

        switch (result.Status)
        {
            case SourceReadStatus.Failed:
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
                logger.LogWarning("Source {SourceId} failed ({Failures} in a row): {Reason}; next try in {Backoff} ({CorrelationId})", source.Id, failures, result.Error, backoff, request.CorrelationId);
                return PollOutcome.Failed(result.Error ?? "unknown error");

            case SourceReadStatus.NotModified:
                if (record.Checkpoint.ConsecutiveFailures > 0 || record.Checkpoint.NextPollAt is not null || record.Checkpoint.LastPolledAt is null)
                {
                    await sources.SaveCheckpointAsync(source.Id, Recovered(record.Checkpoint, now, result), record.SeenItems, cancellationToken);
                }

                logger.LogInformation("Source {SourceId} not modified ({CorrelationId})", source.Id, request.CorrelationId);
                return PollOutcome.NotModified();
        }

        var seen = new HashSet<string>(record.SeenItems, StringComparer.Ordinal);
        var newHashes = new List<string>();
        var watched = await officials.ListAsync(cancellationToken);
        var fresh = new List<FeedItem>();
        foreach (var item in result.Items)
        {
            var hash = ItemHash(item);
            if (seen.Add(hash))
            {
                newHashes.Add(hash);
                fresh.Add(item);
            }
        }

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
                    request.CorrelationId);
                drafts.Add(new IntakeItem(draft, StatementExtractor.KeyText(extracted), new SpeakerContext(extracted.Official.Name, extracted.Official.Aliases)));
            }
        }

        // Judged here, the feed's candidates together: a statement that is not a threat is stored at once; only a
        // threat takes the statements queue.
        await intake.AcceptManyAsync(drafts, cancellationToken);
        var candidates = drafts.Count;

        var validatorsChanged = result.ETag != record.Checkpoint.ETag || result.LastModified != record.Checkpoint.LastModified || result.SinceId is not null;
        if (newHashes.Count > 0 || validatorsChanged || record.Checkpoint.ConsecutiveFailures > 0 || record.Checkpoint.NextPollAt is not null || record.Checkpoint.LastPolledAt is null)
        {
            await sources.SaveCheckpointAsync(source.Id, Recovered(record.Checkpoint, now, result), [.. record.SeenItems, .. newHashes], cancellationToken);
        }

        logger.LogInformation("Source {SourceId}: {Items} items, {New} new, {Candidates} candidate statements ({CorrelationId})", source.Id, result.Items.Count, newHashes.Count, candidates, request.CorrelationId);
        return new PollOutcome(SourceReadStatus.Ok, result.Items.Count, newHashes.Count, candidates, null);
    }

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
