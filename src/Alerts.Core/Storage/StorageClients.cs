using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Queues;

namespace Alerts.Core.Storage;

/// <summary>
/// The two service clients, created once. Per-table and per-queue clients are derived where used.
/// Queue clients write Base64, the encoding the queue trigger expects with the default host.json.
/// </summary>
public sealed class StorageClients
{
    public StorageClients(StorageOptions options)
        : this(options, configure: null)
    {
    }

    /// <param name="configure">
    /// Adjusts both clients' options (pipeline policies, retry) before they are built: tests inject faults
    /// and the load command counts storage transactions through it. The product passes nothing.
    /// </param>
    public StorageClients(StorageOptions options, Action<ClientOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(options);
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        var tableOptions = new TableClientOptions();
        configure?.Invoke(queueOptions);
        configure?.Invoke(tableOptions);
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            Tables = new TableServiceClient(options.ConnectionString, tableOptions);
            Queues = new QueueServiceClient(options.ConnectionString, queueOptions);
        }
        else if (options.TableServiceUri is not null && options.QueueServiceUri is not null)
        {
            TokenCredential credential = string.IsNullOrWhiteSpace(options.ClientId)
                ? new DefaultAzureCredential()
                : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.ClientId));
            Tables = new TableServiceClient(options.TableServiceUri, credential, tableOptions);
            Queues = new QueueServiceClient(options.QueueServiceUri, credential, queueOptions);
        }
        else
        {
            throw new InvalidOperationException(
                "Storage is not configured: set AzureWebJobsStorage to a connection string, or AzureWebJobsStorage__tableServiceUri and AzureWebJobsStorage__queueServiceUri.");
        }
    }

    public TableServiceClient Tables { get; }

    public QueueServiceClient Queues { get; }

    public TableClient Table(string name) => Tables.GetTableClient(name);

    public QueueClient Queue(string name) => Queues.GetQueueClient(name);
}
