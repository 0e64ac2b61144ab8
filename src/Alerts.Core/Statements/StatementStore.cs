using Alerts.Core.Configuration;
using Alerts.Core.Storage;
using Alerts.Core.Threats;
using Azure;
using Azure.Data.Tables;

namespace Alerts.Core.Statements;

/// <summary>
/// The <c>statements</c> table, one row per statement keyed by its id (PartitionKey and RowKey both). Insert-if-absent
/// (409 on an existing key) makes storing idempotent: the same statement delivered twice is stored once.
/// </summary>
/// <remarks>
/// Rows written before 30 November 2026 have the RowKey <c>statement</c>: point reads and updates fall back to that key
/// when the id's own row is absent, so a statement costs what it did (one request) and an old one stays readable. The
/// RowKey changed because Azurite finds a row by its RowKey index first and then checks the PartitionKey of every row
/// with that RowKey: with one RowKey for all, each insert and read walked every statement stored.
/// </remarks>
public sealed class StatementStore(StorageClients clients)
{
    /// <summary>The RowKey of every row written before the ids became RowKeys too.</summary>
    public const string LegacyRow = "statement";

    private const int MaxSources = 50;

    private TableClient Table => clients.Table(AlertsNames.Tables.Statements);

    /// <summary>Stores the statement unless one with its id exists; returns the stored one either way.</summary>
    public async Task<(bool Added, StoredStatement Statement)> TryAddAsync(StoredStatement statement, CancellationToken cancellationToken)
    {
        try
        {
            await Table.AddEntityAsync(ToEntity(statement), cancellationToken);
            return (true, statement);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            var existing = await GetAsync(statement.Id, cancellationToken)
                ?? throw new InvalidOperationException($"Statement {statement.Id} conflicted on insert but cannot be read.", ex);
            return (false, existing);
        }
    }

    public async Task<StoredStatement?> GetAsync(string id, CancellationToken cancellationToken) =>
        await Table.GetOrNullAsync(id, id, FromEntity, cancellationToken)
        ?? await Table.GetOrNullAsync(id, LegacyRow, FromEntity, cancellationToken);

    /// <summary>Adds an outlet's report to a known statement (optimistic concurrency; retried on 412).</summary>
    public async Task<StoredStatement> AddSourceAsync(string id, StatementSource source, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var entity = await Table.GetOrNullAsync(id, id, e => e, cancellationToken)
                ?? (await Table.GetEntityAsync<TableEntity>(id, LegacyRow, cancellationToken: cancellationToken)).Value;
            var current = FromEntity(entity);
            if (current.Sources.Any(s => s.SourceId == source.SourceId && s.ItemId == source.ItemId) || current.Sources.Count >= MaxSources)
            {
                return current;
            }

            var updated = current with { Sources = [.. current.Sources, source] };
            try
            {
                await Table.UpdateEntityAsync(ToEntity(updated, entity.RowKey), entity.ETag, TableUpdateMode.Replace, cancellationToken);
                return updated;
            }
            catch (RequestFailedException ex) when (ex.Status == 412 && attempt < 5)
            {
                // Another worker added a source first; read again.
            }
        }
    }

    public Task MarkDeliveriesQueuedAsync(string id, DateTimeOffset at, CancellationToken cancellationToken) =>
        MergeAsync(id, patch => patch["DeliveriesQueuedAt"] = at, cancellationToken);

    public Task UpdateAnalysisAsync(string id, ThreatAnalysis analysis, CancellationToken cancellationToken) =>
        MergeAsync(id, patch => WriteAnalysis(patch, analysis), cancellationToken);

    /// <summary>Merges into the statement's row; a 404 there means a row written under the old RowKey.</summary>
    private async Task MergeAsync(string id, Action<TableEntity> write, CancellationToken cancellationToken)
    {
        var patch = new TableEntity(id, id);
        write(patch);
        try
        {
            await Table.UpdateEntityAsync(patch, ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            patch.RowKey = LegacyRow;
            await Table.UpdateEntityAsync(patch, ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
    }

    public async IAsyncEnumerable<StoredStatement> ListAsync(DateTimeOffset? detectedSince, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var query = detectedSince is { } since
            ? Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"DetectedAt ge {since}"), cancellationToken: cancellationToken)
            : Table.QueryAsync<TableEntity>(cancellationToken: cancellationToken);
        // Rows come in key order, so an old row and a new one of the same statement (a statement stored before the change
        // and reported again after it gains a second row under its new key) are neighbours: the first is kept, which for
        // "st-" ids is the new one, the row that takes the new sources.
        string? previous = null;
        await foreach (var entity in query)
        {
            if (entity.PartitionKey == previous)
            {
                continue;
            }

            previous = entity.PartitionKey;
            yield return FromEntity(entity);
        }
    }

    private static TableEntity ToEntity(StoredStatement s, string? rowKey = null)
    {
        var entity = new TableEntity(TableKeys.Require(s.Id, "Statement id"), rowKey ?? s.Id)
        {
            ["OfficialId"] = s.OfficialId,
            ["OfficialName"] = s.OfficialName,
            ["Text"] = TableJson.Cap(s.Text),
            ["Title"] = s.Title is null ? null : TableJson.Cap(s.Title, 1_000),
            ["Url"] = s.Url is null ? null : TableJson.Cap(s.Url, 2_000),
            ["Sources"] = TableJson.Cap(TableJson.Write(s.Sources)),
            ["CorroborationCount"] = s.Sources.Count,
            ["PublishedAt"] = s.PublishedAt,
            ["DetectedAt"] = s.DetectedAt,
            ["CorrelationId"] = s.CorrelationId,
            ["DeliveriesQueuedAt"] = s.DeliveriesQueuedAt,
            ["TranslatedText"] = s.TranslatedText is null ? null : TableJson.Cap(s.TranslatedText),
            ["TranslatedFrom"] = s.TranslatedFrom,
        };
        WriteAnalysis(entity, s.Analysis);
        return entity;
    }

    private static void WriteAnalysis(TableEntity entity, ThreatAnalysis a)
    {
        entity["Threat"] = a.Threat;
        entity["Severity"] = a.Severity;
        entity["Level"] = a.Level.ToString();
        entity["Categories"] = TableJson.Write(a.Categories);
        entity["Evidence"] = TableJson.Cap(TableJson.Write(a.Evidence));
        entity["AnalyzerVersion"] = a.AnalyzerVersion;
        entity["Language"] = a.Language;
        entity["Judged"] = a.Judged;
    }

    private static StoredStatement FromEntity(TableEntity e)
    {
        var analysis = new ThreatAnalysis(
            e.GetBoolean("Threat") ?? false,
            e.GetInt32("Severity") ?? 0,
            Enum.TryParse<ThreatLevel>(e.GetString("Level"), out var level) ? level : ThreatLevel.None,
            TableJson.Read<List<string>>(e.GetString("Categories"), []),
            TableJson.Read<List<ThreatEvidence>>(e.GetString("Evidence"), []),
            e.GetString("AnalyzerVersion") ?? "",
            e.GetString("Language") ?? "",
            // Rows written before languages were marked were all judged by the rules of their day.
            e.GetBoolean("Judged") ?? true);
        return new StoredStatement(
            e.PartitionKey,
            e.GetString("OfficialId") ?? "",
            e.GetString("OfficialName") ?? "",
            e.GetString("Text") ?? "",
            e.GetString("Title"),
            e.GetString("Url"),
            TableJson.Read<List<StatementSource>>(e.GetString("Sources"), []),
            e.GetDateTimeOffset("PublishedAt"),
            e.GetDateTimeOffset("DetectedAt") ?? DateTimeOffset.MinValue,
            analysis,
            e.GetString("CorrelationId") ?? "",
            e.GetDateTimeOffset("DeliveriesQueuedAt"))
        {
            TranslatedText = e.GetString("TranslatedText"),
            TranslatedFrom = e.GetString("TranslatedFrom"),
        };
    }
}
