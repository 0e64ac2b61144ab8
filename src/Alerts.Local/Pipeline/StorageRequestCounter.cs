using System.Collections.Concurrent;
using System.Diagnostics;
using Alerts.Core.Configuration;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Alerts.Local.Pipeline;

/// <summary>
/// Counts every request the storage clients send (each retry too, when added per retry), by method and
/// resource (<c>POST statements</c>, <c>DELETE deliveries/messages</c>, <c>GET sourceitems*</c> for the index's sixteen tables): what a storage account bills as transactions,
/// and how long they took (request sent to response read), which says where an emulator's time goes.
/// </summary>
public sealed class StorageRequestCounter : HttpPipelinePolicy
{
    private const string NearDuplicateTables = "sourceitems";

    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _ticks = new(StringComparer.Ordinal);

    public long Total => _counts.Values.Sum();

    /// <summary>Requests so far of one operation (<c>POST statements</c>), as <see cref="Describe"/> names it.</summary>
    public long CountOf(string operation) => _counts.GetValueOrDefault(operation);

    public IReadOnlyDictionary<string, long> Snapshot() => new SortedDictionary<string, long>(_counts, StringComparer.Ordinal);

    /// <summary>Total seconds spent waiting on each operation (summed over concurrent requests).</summary>
    public IReadOnlyDictionary<string, double> SecondsSnapshot() =>
        new SortedDictionary<string, double>(_ticks.ToDictionary(p => p.Key, p => Math.Round((double)p.Value / Stopwatch.Frequency, 3)), StringComparer.Ordinal);

    public void Reset()
    {
        _counts.Clear();
        _ticks.Clear();
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ArgumentNullException.ThrowIfNull(message);
        var operation = Count(message.Request);
        var started = Stopwatch.GetTimestamp();
        try
        {
            ProcessNext(message, pipeline);
        }
        finally
        {
            Time(operation, started);
        }
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ArgumentNullException.ThrowIfNull(message);
        var operation = Count(message.Request);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await ProcessNextAsync(message, pipeline);
        }
        finally
        {
            Time(operation, started);
        }
    }

    private string Count(Request request)
    {
        var operation = Describe(request);
        _counts.AddOrUpdate(operation, 1, static (_, n) => n + 1);
        return operation;
    }

    private void Time(string operation, long started)
    {
        var elapsed = Stopwatch.GetTimestamp() - started;
        _ticks.AddOrUpdate(operation, static (_, e) => e, static (_, n, e) => n + e, elapsed);
    }

    /// <summary>"METHOD resource": the table or queue name (plus <c>/messages</c>), without keys, ids or the account.</summary>
    public static string Describe(Request request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uri = request.Uri.ToUri();
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var pathStyle = uri.IsLoopback || System.Net.IPAddress.TryParse(uri.Host, out _);
        var parts = segments.Skip(pathStyle ? 1 : 0).ToArray();
        var resource = parts.Length == 0 ? "(account)" : parts[0];
        var paren = resource.IndexOf('(', StringComparison.Ordinal);
        if (paren >= 0)
        {
            resource = resource[..paren];
        }

        if (parts.Length > 1 && parts[1] == "messages")
        {
            resource += "/messages";
        }

        if (uri.Query.Contains("comp=metadata", StringComparison.Ordinal))
        {
            resource += "?metadata";
        }

        resource = Uri.UnescapeDataString(resource);
        // The near-duplicate index's sixteen tables are one operation to read a run by.
        if (resource.StartsWith(NearDuplicateTables, StringComparison.Ordinal) && AlertsNames.Tables.SourceItemsShards.Contains(resource, StringComparer.Ordinal))
        {
            resource = NearDuplicateTables + "*";
        }

        return $"{request.Method.Method} {resource}";
    }
}
