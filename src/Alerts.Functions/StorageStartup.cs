using Alerts.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Alerts.Functions;

/// <summary>Makes sure every table and queue exists at start (Bicep declares them in Azure; Azurite starts empty).</summary>
internal sealed class StorageStartup(StorageInitializer initializer, ILogger<StorageStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await initializer.EnsureCreatedAsync(cancellationToken);
        }
        catch (Azure.RequestFailedException ex)
        {
            // Not fatal: the functions report storage errors per message, and health shows them.
            logger.LogStorageNotCreatedAtStart(ex, ex.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
