using System.Globalization;
using Alerts.Core.Configuration;
using Alerts.Core.Officials;
using Alerts.Core.Storage;
using Alerts.Core.Threats;
using Azure.Data.Tables;

namespace Alerts.Core.Statements;

/// <summary>What one official said on one UTC day: every statement, and the threats among them by level.</summary>
public sealed record TimelineDay(DateOnly Day, int Statements, IReadOnlyDictionary<ThreatLevel, int> Threats)
{
    public int ThreatCount => Threats.Values.Sum();

    public ThreatLevel HighestLevel => Threats.Count == 0 ? ThreatLevel.None : Threats.Keys.Max();
}

/// <summary>
/// The official's timeline: a small row per stored statement, RowKey <c>t|yyyyMMddHHmmss-{statementId}</c>, in the
/// official's near-duplicate partition (<see cref="NearDuplicateIndex.TableFor"/>, <see cref="NearDuplicateIndex.PartitionFor"/>).
/// A 90-day timeline is then one partition range read, instead of a scan of the whole statements table (keyed by
/// statement id, so "this official's last 90 days" has no key to use there).
/// </summary>
/// <remarks>
/// The row shares the index's partition so that a new statement's row rides in the index claim's entity group
/// transaction (<see cref="RowFor"/>): a routine statement stored at intake is on the timeline at no extra storage
/// transaction, within issue 16's three. The analyse stage writes the row itself (<see cref="RecordAsync"/>) for the
/// threats and unread statements it stores. Index keys never start with <see cref="RowKeyPrefix"/>, and timeline rows
/// carry no <c>FirstSeenAt</c>, so the index's reads and prune pass them by.
/// </remarks>
public sealed class StatementTimeline(StorageClients clients)
{
    public const int Days = 90;

    /// <summary>Reading stops here (over 200 statements a day for 90 days): a chart, not an export.</summary>
    public const int MaxRows = 20_000;

    public const string RowKeyPrefix = "t|";

    private TableClient Table(string officialId) => clients.Table(NearDuplicateIndex.TableFor(officialId));

    public static string RowKeyFor(DateTimeOffset detectedAt, string statementId) =>
        RowKeyPrefix + detectedAt.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "-" + statementId;

    /// <summary>The timeline row of one statement, for <see cref="RecordAsync"/> or to ride in the index claim.</summary>
    public static TableEntity RowFor(string officialId, string statementId, DateTimeOffset detectedAt, ThreatAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        return new TableEntity(NearDuplicateIndex.PartitionFor(TableKeys.Require(officialId, "Official id")), RowKeyFor(detectedAt, statementId))
        {
            ["Threat"] = analysis.Threat,
            ["Level"] = analysis.Level.ToString(),
        };
    }

    /// <summary>Writes the statement's row (an upsert: writing it twice, or over the intake's row, is harmless).</summary>
    public Task RecordAsync(StoredStatement statement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statement);
        return Table(statement.OfficialId).UpsertEntityAsync(
            RowFor(statement.OfficialId, statement.Id, statement.DetectedAt, statement.Analysis), TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>One entry per day from <paramref name="first"/> to <paramref name="last"/> (both UTC days, inclusive), empty days included.</summary>
    public async Task<IReadOnlyList<TimelineDay>> ReadAsync(string officialId, DateOnly first, DateOnly last, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<DateOnly, DayCount>();
        var from = RowKeyPrefix + first.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var to = RowKeyPrefix + last.AddDays(1).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {NearDuplicateIndex.PartitionFor(officialId)} and RowKey ge {from} and RowKey lt {to}");
        var seen = 0;
        await foreach (var row in Table(officialId).QueryAsync<TableEntity>(filter, maxPerPage: 1_000, select: ["RowKey", "Threat", "Level"], cancellationToken: cancellationToken))
        {
            if (++seen > MaxRows)
            {
                break;
            }

            if (!DateOnly.TryParseExact(row.RowKey.AsSpan(RowKeyPrefix.Length, Math.Min(8, row.RowKey.Length - RowKeyPrefix.Length)), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
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
