using Alerts.Core.Configuration;
using Alerts.Core.Storage;
using Alerts.Core.Threats;
using Azure;
using Azure.Data.Tables;

namespace Alerts.Core.Statements;

/// <summary>
/// The <c>statements</c> table. Insert-if-absent (409 on an existing key) makes storing idempotent:
/// the same statement delivered twice is stored once.
/// </summary>
public sealed class StatementStore(StorageClients clients)
{
    private const string Row = "statement";
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

    public Task<StoredStatement?> GetAsync(string id, CancellationToken cancellationToken) =>
        Table.GetOrNullAsync(id, Row, FromEntity, cancellationToken);

    /// <summary>Adds an outlet's report to a known statement (optimistic concurrency; retried on 412).</summary>
    public async Task<StoredStatement> AddSourceAsync(string id, StatementSource source, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var entity = (await Table.GetEntityAsync<TableEntity>(id, Row, cancellationToken: cancellationToken)).Value;
            var current = FromEntity(entity);
            if (current.Sources.Any(s => s.SourceId == source.SourceId && s.ItemId == source.ItemId) || current.Sources.Count >= MaxSources)
            {
                return current;
            }

            var updated = current with { Sources = [.. current.Sources, source] };
            try
            {
                await Table.UpdateEntityAsync(ToEntity(updated), entity.ETag, TableUpdateMode.Replace, cancellationToken);
                return updated;
            }
            catch (RequestFailedException ex) when (ex.Status == 412 && attempt < 5)
            {
                // Another worker added a source first; read again.
            }
        }
    }

    public async Task MarkDeliveriesQueuedAsync(string id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var patch = new TableEntity(id, Row) { ["DeliveriesQueuedAt"] = at };
        await Table.UpdateEntityAsync(patch, ETag.All, TableUpdateMode.Merge, cancellationToken);
    }

    public async Task UpdateAnalysisAsync(string id, ThreatAnalysis analysis, CancellationToken cancellationToken)
    {
        var patch = new TableEntity(id, Row);
        WriteAnalysis(patch, analysis);
        await Table.UpdateEntityAsync(patch, ETag.All, TableUpdateMode.Merge, cancellationToken);
    }

    public async IAsyncEnumerable<StoredStatement> ListAsync(DateTimeOffset? detectedSince, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var query = detectedSince is { } since
            ? Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"DetectedAt ge {since}"), cancellationToken: cancellationToken)
            : Table.QueryAsync<TableEntity>(cancellationToken: cancellationToken);
        await foreach (var entity in query)
        {
            yield return FromEntity(entity);
        }
    }

    private static TableEntity ToEntity(StoredStatement s)
    {
        var entity = new TableEntity(TableKeys.Require(s.Id, "Statement id"), Row)
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
