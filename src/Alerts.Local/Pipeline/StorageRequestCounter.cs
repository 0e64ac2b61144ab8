using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Alerts.Local.Pipeline;

/// <summary>
/// Counts every request the storage clients send (each retry too, when added per retry), by method and
/// resource (<c>POST statements</c>, <c>DELETE deliveries/messages</c>): what a storage account bills as transactions.
/// </summary>
public sealed class StorageRequestCounter : HttpPipelinePolicy
{
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public long Total => _counts.Values.Sum();

    public IReadOnlyDictionary<string, long> Snapshot() => new SortedDictionary<string, long>(_counts, StringComparer.Ordinal);

    public void Reset() => _counts.Clear();

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ArgumentNullException.ThrowIfNull(message);
        Count(message.Request);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ArgumentNullException.ThrowIfNull(message);
        Count(message.Request);
        return ProcessNextAsync(message, pipeline);
    }

    private void Count(Request request) => _counts.AddOrUpdate(Describe(request), 1, static (_, n) => n + 1);

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

        return $"{request.Method.Method} {Uri.UnescapeDataString(resource)}";
    }
}
