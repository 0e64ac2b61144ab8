using Alerts.Core.Configuration;

namespace Alerts.Core.Storage;

/// <summary>Creates every table, queue and poison queue the app uses. Safe to run at every start.</summary>
public sealed class StorageInitializer(StorageClients clients)
{
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        foreach (var table in AlertsNames.Tables.All)
        {
            await clients.Table(table).CreateIfNotExistsAsync(cancellationToken);
        }

        foreach (var queue in AlertsNames.Queues.All)
        {
            await clients.Queue(queue).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await clients.Queue(AlertsNames.Queues.PoisonOf(queue)).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }
    }
}
