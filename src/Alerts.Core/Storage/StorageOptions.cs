namespace Alerts.Core.Storage;

/// <summary>
/// Where the app's tables and queues live. Either a connection string (Azurite, local) or the
/// identity-based service URIs that Flex Consumption uses (<c>AzureWebJobsStorage__tableServiceUri</c>, ...).
/// </summary>
public sealed class StorageOptions
{
    public string? ConnectionString { get; set; }

    public Uri? TableServiceUri { get; set; }

    public Uri? QueueServiceUri { get; set; }

    /// <summary>Client id of the user-assigned managed identity, when identity-based.</summary>
    public string? ClientId { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ConnectionString) || (TableServiceUri is not null && QueueServiceUri is not null);
}
