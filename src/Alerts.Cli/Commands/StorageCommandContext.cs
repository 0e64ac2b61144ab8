using Alerts.Core.Storage;
using Alerts.Local;
using Alerts.Local.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Cli.Commands;

/// <summary>
/// Storage for commands that work on existing data: <c>--connection</c>, else the <c>AzureWebJobsStorage</c>
/// setting (a connection string, or the identity-based <c>__queueServiceUri</c>/<c>__tableServiceUri</c> pair),
/// else the local Azurite (started if needed).
/// </summary>
internal sealed class StorageCommandContext : IAsyncDisposable
{
    private readonly AzuriteServer? _server;

    private StorageCommandContext(ServiceProvider services, AzuriteServer? server)
    {
        Services = services;
        _server = server;
    }

    public ServiceProvider Services { get; }

    public static async Task<StorageCommandContext> OpenAsync(string? connection, CancellationToken cancellationToken)
    {
        AzuriteServer? server = null;
        var root = RepositoryRoot.TryFind();
        var identityBased = !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("AzureWebJobsStorage__queueServiceUri"));
        if (string.IsNullOrWhiteSpace(connection) && !identityBased)
        {
            if (root is null && string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("AzureWebJobsStorage")))
            {
                throw new InvalidOperationException("No storage: pass --connection or set AzureWebJobsStorage.");
            }

            (connection, server) = root is null
                ? (Environment.GetEnvironmentVariable("AzureWebJobsStorage")!, null)
                : await CliHost.LocalStorageAsync(root, cancellationToken);
        }

        // Identity-based (AzureWebJobsStorage__queueServiceUri and __tableServiceUri, signed in with az login):
        // the storage account in Azure refuses shared keys, so ops replay poison messages this way.
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = identityBased ? null : connection,
            ["Alerts:OutboxPath"] = Environment.GetEnvironmentVariable("Alerts__OutboxPath") ?? Path.Combine(root ?? ".", "outbox"),
            ["Tokens:SigningKey"] = Environment.GetEnvironmentVariable("Tokens__SigningKey") ?? (root is null ? null : CliHost.LocalSigningKey(root)),
        };
        var services = CliHost.Build(settings);
        await services.GetRequiredService<StorageInitializer>().EnsureCreatedAsync(cancellationToken);
        return new StorageCommandContext(services, server);
    }

    public static string? ConnectionOption(IReadOnlyList<string> args)
    {
        var index = args.ToList().IndexOf("--connection");
        return index >= 0 && index + 1 < args.Count ? args[index + 1] : null;
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
