using System.Globalization;
using Alerts.Core.Configuration;
using Alerts.Core.Officials;
using Alerts.Core.Statements;
using Alerts.Core.Storage;
using Alerts.Core.Threats;
using Azure.Data.Tables;

namespace Alerts.Core.Archive;

/// <summary>What one official said on one UTC day: every statement, and the threats among them by level.</summary>
public sealed record TimelineDay(DateOnly Day, int Statements, IReadOnlyDictionary<ThreatLevel, int> Threats)
{
    public int ThreatCount => Threats.Values.Sum();

    public ThreatLevel HighestLevel => Threats.Count == 0 ? ThreatLevel.None : Threats.Keys.Max();
}

/// <summary>
/// The <c>timeline</c> table: a small row per stored statement in partition <c>{officialId}</c>, RowKey
/// <c>yyyyMMddHHmmss-{statementId}</c>, written once when the analyse stage first stores the statement.
/// A 90-day timeline is then one partition range read, instead of a scan of the whole statements table
/// (keyed by statement id, so "this official's last 90 days" has no key to use there).
/// </summary>
public sealed class StatementTimeline(StorageClients clients)
{
    public const int Days = 90;

    /// <summary>Reading stops here (over 200 statements a day for 90 days): a chart, not an export.</summary>
    public const int MaxRows = 20_000;

    private TableClient Table => clients.Table(AlertsNames.Tables.Timeline);

    public static string RowKeyFor(DateTimeOffset detectedAt, string statementId) =>
        detectedAt.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "-" + statementId;

    public Task RecordAsync(StoredStatement statement, CancellationToken cancellationToken) =>
        Table.UpsertEntityAsync(
            new TableEntity(TableKeys.Require(statement.OfficialId, "Official id"), RowKeyFor(statement.DetectedAt, statement.Id))
            {
                ["Threat"] = statement.Analysis.Threat,
                ["Level"] = statement.Analysis.Level.ToString(),
            },
            TableUpdateMode.Replace,
            cancellationToken);

    /// <summary>One entry per day from <paramref name="first"/> to <paramref name="last"/> (both UTC days, inclusive), empty days included.</summary>
    public async Task<IReadOnlyList<TimelineDay>> ReadAsync(string officialId, DateOnly first, DateOnly last, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<DateOnly, DayCount>();
        var from = first.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var to = last.AddDays(1).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {officialId} and RowKey ge {from} and RowKey lt {to}");
        var seen = 0;
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, maxPerPage: 1_000, select: ["RowKey", "Threat", "Level"], cancellationToken: cancellationToken))
        {
            if (++seen > MaxRows)
            {
                break;
            }

            if (!DateOnly.TryParseExact(row.RowKey.AsSpan(0, Math.Min(8, row.RowKey.Length)), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                continue;
            }

            if (!counts.TryGetValue(day, out var entry))
            {
                entry = counts[day] = new DayCount();
            }

            entry.Statements++;
            if (row.GetBoolean("Threat") == true && Enum.TryParse<ThreatLevel>(row.GetString("Level"), out var level) && level > ThreatLevel.None)
            {
                entry.Threats[level] = entry.Threats.GetValueOrDefault(level) + 1;
            }
        }

        var days = new List<TimelineDay>();
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            days.Add(counts.TryGetValue(day, out var c) ? new TimelineDay(day, c.Statements, c.Threats) : new TimelineDay(day, 0, new Dictionary<ThreatLevel, int>()));
        }

        return days;
    }

    private sealed class DayCount
    {
        public int Statements { get; set; }

        public Dictionary<ThreatLevel, int> Threats { get; } = [];
    }
}
