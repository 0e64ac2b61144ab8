using Alerts.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Cli.Commands;

/// <summary>
/// Storage for commands that work on existing data: <c>--connection</c>, else the <c>AzureWebJobsStorage</c>
/// setting, else the local Azurite (started if needed).
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
        if (string.IsNullOrWhiteSpace(connection))
        {
            if (root is null && string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("AzureWebJobsStorage")))
            {
                throw new InvalidOperationException("No storage: pass --connection or set AzureWebJobsStorage.");
            }

            (connection, server) = root is null
                ? (Environment.GetEnvironmentVariable("AzureWebJobsStorage")!, null)
                : await CliHost.LocalStorageAsync(root, cancellationToken);
        }

        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = connection,
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
