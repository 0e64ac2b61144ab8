using System.Globalization;
using Alerts.Core.Configuration;
using Alerts.Core.Statements;
using Alerts.Core.Storage;
using Alerts.Core.Threats;
using Azure.Data.Tables;

namespace Alerts.Core.Archive;

/// <summary>One alert a subscriber received, as the archive and the feeds list it (the text is read from the statement).</summary>
public sealed record IndexedAlert(string StatementId, string OfficialId, string OfficialName, ThreatLevel Level, IReadOnlyList<string> Categories, DateTimeOffset DetectedAt);

/// <summary>
/// The per-subscriber alert index: a row per alert in partition <c>alerts-{subscriptionId}</c> of the
/// <c>deliveries</c> table, written when the alert is sent, folded or digested. RowKeys sort newest first,
/// so the archive and feeds read one partition from the top. The ledger cannot serve this cheaply: its
/// rows are keyed (statement, subscriber), so "this subscriber's alerts" is a scan of the whole table.
/// Written with upsert, so a redelivered message or a rerun digest writes the same row again.
/// </summary>
public sealed class AlertIndex(StorageClients clients)
{
    public const string PartitionPrefix = "alerts-";

    /// <summary>The most rows one read looks at: about a year of a busy subscriber's alerts; older ones are not shown.</summary>
    public const int MaxRows = 2_000;

    private TableClient Table => clients.Table(AlertsNames.Tables.Deliveries);

    public static string PartitionFor(string subscriptionId) => PartitionPrefix + subscriptionId;

    public static string RowKeyFor(DateTimeOffset detectedAt, string statementId) =>
        (DateTimeOffset.MaxValue.UtcTicks - detectedAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "-" + statementId;

    public Task RecordAsync(string subscriptionId, StoredStatement statement, CancellationToken cancellationToken) =>
        Table.UpsertEntityAsync(
            new TableEntity(PartitionFor(subscriptionId), RowKeyFor(statement.DetectedAt, statement.Id))
            {
                ["StatementId"] = statement.Id,
                ["OfficialId"] = statement.OfficialId,
                ["OfficialName"] = TableJson.Cap(statement.OfficialName, 500),
                ["Level"] = statement.Analysis.Level.ToString(),
                ["LevelValue"] = (int)statement.Analysis.Level,
                ["Categories"] = TableJson.Write(statement.Analysis.Categories),
                ["DetectedAt"] = statement.DetectedAt,
            },
            TableUpdateMode.Replace,
            cancellationToken);

    public async Task<bool> ContainsAsync(string subscriptionId, StoredStatement statement, CancellationToken cancellationToken) =>
        (await Table.GetEntityIfExistsAsync<TableEntity>(PartitionFor(subscriptionId), RowKeyFor(statement.DetectedAt, statement.Id), ["PartitionKey"], cancellationToken)).HasValue;

    /// <summary>The subscriber's alerts, newest first, that pass the filter; at most <paramref name="take"/>.</summary>
    public async Task<IReadOnlyList<IndexedAlert>> ListAsync(string subscriptionId, AlertFilter filter, int take, CancellationToken cancellationToken)
    {
        var partition = PartitionFor(subscriptionId);
        var query = filter.OfficialId is { } official
            ? TableClient.CreateQueryFilter($"PartitionKey eq {partition} and OfficialId eq {official} and LevelValue ge {(int)filter.MinimumLevel}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {partition} and LevelValue ge {(int)filter.MinimumLevel}");
        var result = new List<IndexedAlert>();
        var seen = 0;
        await foreach (var row in Table.QueryAsync<TableEntity>(query, maxPerPage: Math.Min(1_000, Math.Max(take, 100)), cancellationToken: cancellationToken))
        {
            if (++seen > MaxRows || result.Count >= take)
            {
                break;
            }

            var alert = FromEntity(row);
            if (filter.Category is null || alert.Categories.Contains(filter.Category, StringComparer.Ordinal))
            {
                result.Add(alert);
            }
        }

        return result;
    }

    private static IndexedAlert FromEntity(TableEntity e) => new(
        e.GetString("StatementId") ?? "",
        e.GetString("OfficialId") ?? "",
        e.GetString("OfficialName") ?? "",
        Enum.TryParse<ThreatLevel>(e.GetString("Level"), out var level) ? level : ThreatLevel.None,
        TableJson.Read<List<string>>(e.GetString("Categories"), []),
        e.GetDateTimeOffset("DetectedAt") ?? DateTimeOffset.MinValue);
}

/// <summary>Archive and feed filters; null means any.</summary>
public sealed record AlertFilter(string? OfficialId = null, ThreatLevel MinimumLevel = ThreatLevel.None, string? Category = null)
{
    public static AlertFilter None { get; } = new();
}
