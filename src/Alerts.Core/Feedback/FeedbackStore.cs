using Alerts.Core.Configuration;
using Alerts.Core.Officials;
using Alerts.Core.Statements;
using Alerts.Core.Storage;
using Azure.Data.Tables;

namespace Alerts.Core.Feedback;

/// <summary>One piece of feedback: a verdict on an alert, or a statement the subscriber says we missed.</summary>
/// <param name="Kind"><c>verdict</c> or <c>missed</c>.</param>
/// <param name="JudgeThreat">What the analyser said when the feedback was given (so later rule changes do not rewrite history).</param>
public sealed record FeedbackEntry(
    string Kind,
    string? StatementId,
    string OfficialId,
    string SubscriptionId,
    FeedbackVerdict? Verdict,
    string? Text,
    DateTimeOffset At,
    bool JudgeThreat,
    string JudgeLevel,
    IReadOnlyList<string> JudgeCategories);

/// <summary>
/// The <c>feedback</c> table. Verdicts: partition = statement id, row = subscription id, so a subscriber
/// has one vote per alert (clicking again, or another verdict, replaces it: idempotent). Missed statements:
/// partition <c>missed-{officialId}</c>, row = subscriber and a hash of the text, so reporting the same
/// text twice stores it once. Feedback is kept for review; nothing here feeds training by itself.
/// </summary>
public sealed class FeedbackStore(StorageClients clients, TimeProvider time)
{
    public const string VerdictKind = "verdict";
    public const string MissedKind = "missed";
    public const string MissedPrefix = "missed-";
    public const int MaxMissedText = 2_000;

    private TableClient Table => clients.Table(AlertsNames.Tables.Feedback);

    public Task RecordVerdictAsync(StoredStatement statement, string subscriptionId, FeedbackVerdict verdict, CancellationToken cancellationToken) =>
        Table.UpsertEntityAsync(
            new TableEntity(statement.Id, subscriptionId)
            {
                ["Kind"] = VerdictKind,
                ["Verdict"] = verdict.ToString(),
                ["OfficialId"] = statement.OfficialId,
                ["At"] = time.GetUtcNow(),
                ["JudgeThreat"] = statement.Analysis.Threat,
                ["JudgeLevel"] = statement.Analysis.Level.ToString(),
                ["JudgeCategories"] = TableJson.Write(statement.Analysis.Categories),
            },
            TableUpdateMode.Replace,
            cancellationToken);

    public Task RecordMissedAsync(string officialId, string subscriptionId, string text, CancellationToken cancellationToken)
    {
        var capped = TableJson.Cap(text.Trim(), MaxMissedText);
        return Table.UpsertEntityAsync(
            new TableEntity(MissedPrefix + TableKeys.Require(officialId, "Official id"), subscriptionId + "-" + TableKeys.Hash(capped, 16))
            {
                ["Kind"] = MissedKind,
                ["OfficialId"] = officialId,
                ["SubscriptionId"] = subscriptionId,
                ["Text"] = capped,
                ["At"] = time.GetUtcNow(),
            },
            TableUpdateMode.Replace,
            cancellationToken);
    }

    /// <summary>
    /// Deletes every verdict and missed-statement report a subscriber gave (erasure). The table holds feedback only and
    /// is small, so one filtered scan finds both kinds: verdicts keyed by the subscriber, reports naming them.
    /// </summary>
    public async Task<int> EraseSubscriberAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey eq {subscriptionId} or SubscriptionId eq {subscriptionId}");
        var erased = 0;
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            await Table.DeleteEntityAsync(row.PartitionKey, row.RowKey, Azure.ETag.All, cancellationToken);
            erased++;
        }

        return erased;
    }

    public async Task<FeedbackEntry?> GetVerdictAsync(string statementId, string subscriptionId, CancellationToken cancellationToken)
    {
        var response = await Table.GetEntityIfExistsAsync<TableEntity>(statementId, subscriptionId, cancellationToken: cancellationToken);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    /// <summary>Every piece of feedback (an admin read: the table holds feedback only), oldest first.</summary>
    public async Task<IReadOnlyList<FeedbackEntry>> ListAsync(CancellationToken cancellationToken)
    {
        var result = new List<FeedbackEntry>();
        await foreach (var row in Table.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
        {
            result.Add(FromEntity(row));
        }

        return [.. result.OrderBy(e => e.At)];
    }

    private static FeedbackEntry FromEntity(TableEntity e)
    {
        var missed = e.GetString("Kind") == MissedKind;
        return new FeedbackEntry(
            missed ? MissedKind : VerdictKind,
            missed ? null : e.PartitionKey,
            e.GetString("OfficialId") ?? "",
            missed ? e.GetString("SubscriptionId") ?? "" : e.RowKey,
            Enum.TryParse<FeedbackVerdict>(e.GetString("Verdict"), out var verdict) ? verdict : null,
            e.GetString("Text"),
            e.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue,
            e.GetBoolean("JudgeThreat") ?? false,
            e.GetString("JudgeLevel") ?? "",
            TableJson.Read<List<string>>(e.GetString("JudgeCategories"), []));
    }
}
