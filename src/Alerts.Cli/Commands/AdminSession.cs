using Alerts.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Cli.Commands;

/// <summary>The services an admin command needs, on the configured storage (or local Azurite), disposed together.</summary>
internal sealed class AdminSession : IAsyncDisposable
{
    private readonly AzuriteServer? _server;

    private AdminSession(ServiceProvider services, AzuriteServer? server)
    {
        Services = services;
        _server = server;
    }

    public ServiceProvider Services { get; }

    public static async Task<AdminSession> StartAsync(CancellationToken cancellationToken)
    {
        var root = RepositoryRoot.TryFind() ?? Directory.GetCurrentDirectory();
        var (connection, server) = await CliHost.LocalStorageAsync(root, cancellationToken);
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = connection,
            ["Alerts:OutboxPath"] = Path.Combine(root, "outbox"),
            ["Tokens:SigningKey"] = Environment.GetEnvironmentVariable("Tokens__SigningKey") ?? CliHost.LocalSigningKey(root),
        };
        var services = CliHost.Build(settings);
        await services.GetRequiredService<StorageInitializer>().EnsureCreatedAsync(cancellationToken);
        return new AdminSession(services, server);
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
