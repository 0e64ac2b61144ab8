using Alerts.Core.Configuration;
using Alerts.Core.Storage;
using Azure;

namespace Alerts.Core.Pipeline;

/// <summary>
/// The anonymous health answer: is the app up and can it reach storage. At most one storage call per
/// <see cref="CacheFor"/> whatever the request rate, and nothing internal in the answer (no queue names,
/// backlogs or error text); the detailed <see cref="HealthReporter"/> needs a function key.
/// </summary>
public sealed class LivenessProbe(StorageClients clients, TimeProvider time) : IDisposable
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private Liveness? _last;

    public async Task<Liveness> CheckAsync(CancellationToken cancellationToken)
    {
        if (Fresh(_last) is { } cached)
        {
            return cached;
        }

        // One caller refreshes; the others wait for its answer instead of each calling storage.
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            if (Fresh(_last) is { } refreshed)
            {
                return refreshed;
            }

            var healthy = await StorageAnswersAsync(cancellationToken);
            var answer = new Liveness(healthy ? "healthy" : "unhealthy", time.GetUtcNow());
            _last = answer;
            return answer;
        }
        finally
        {
            _refresh.Release();
        }
    }

    public void Dispose() => _refresh.Dispose();

    private Liveness? Fresh(Liveness? answer) => answer is not null && time.GetUtcNow() - answer.CheckedAt < CacheFor ? answer : null;

    private async Task<bool> StorageAnswersAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var _ in clients.Table(AlertsNames.Tables.Sources).QueryAsync<Azure.Data.Tables.TableEntity>(maxPerPage: 1, select: ["PartitionKey"], cancellationToken: cancellationToken).AsPages(pageSizeHint: 1))
            {
                break;
            }

            return true;
        }
        catch (Exception ex) when (ex is RequestFailedException or HttpRequestException or AggregateException)
        {
            return false;
        }
    }
}

/// <summary>The anonymous health answer; deliberately no detail.</summary>
public sealed record Liveness(string Status, DateTimeOffset CheckedAt)
{
    public bool Healthy => Status == "healthy";
}
