using Alerts.Core.Configuration;
using Alerts.Core.Storage;
using Azure;

namespace Alerts.Core.Pipeline;

/// <summary>Storage reachability and the backlog of every queue and its poison queue, for the health endpoint and the CLI.</summary>
public sealed class HealthReporter(StorageClients clients, TimeProvider time)
{
    public async Task<HealthReport> CheckAsync(CancellationToken cancellationToken)
    {
        var queues = new Dictionary<string, QueueBacklog>(StringComparer.Ordinal);
        string? problem = null;
        try
        {
            await foreach (var _ in clients.Table(AlertsNames.Tables.Sources).QueryAsync<Azure.Data.Tables.TableEntity>(maxPerPage: 1, select: ["PartitionKey"], cancellationToken: cancellationToken).AsPages(pageSizeHint: 1))
            {
                break;
            }

            foreach (var queue in AlertsNames.Queues.All)
            {
                var backlog = (await clients.Queue(queue).GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
                var poison = (await clients.Queue(AlertsNames.Queues.PoisonOf(queue)).GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
                queues[queue] = new QueueBacklog(backlog, poison);
            }
        }
        catch (RequestFailedException ex)
        {
            problem = $"storage answered {ex.Status}: {ex.ErrorCode ?? ex.Message}";
        }
        catch (AggregateException ex) when (ex.InnerException is not null)
        {
            problem = $"storage unreachable: {ex.InnerException.Message}";
        }
        catch (HttpRequestException ex)
        {
            problem = $"storage unreachable: {ex.Message}";
        }

        var status = problem is not null ? "unhealthy" : queues.Values.Any(q => q.Poison > 0) ? "degraded" : "healthy";
        return new HealthReport(status, problem is null, problem, queues, time.GetUtcNow());
    }
}

public sealed record QueueBacklog(int Backlog, int Poison);

public sealed record HealthReport(string Status, bool StorageReachable, string? Problem, IReadOnlyDictionary<string, QueueBacklog> Queues, DateTimeOffset CheckedAt);
