using System.CommandLine;
using Alerts.Core.Storage;
using Alerts.Local;
using Alerts.Local.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Cli.Commands;

/// <summary>Opens storage for one run of a command: the real opener, or services a test built.</summary>
internal delegate Task<StorageCommandContext> StorageOpener(string? connection, CancellationToken cancellationToken);

/// <summary>
/// Storage for commands that work on existing data: <c>--connection</c>, else the <c>AzureWebJobsStorage</c>
/// setting (a connection string, or the identity-based <c>__queueServiceUri</c>/<c>__tableServiceUri</c> pair),
/// else the local Azurite (started if needed).
/// </summary>
internal sealed class StorageCommandContext : IAsyncDisposable
{
    private readonly ServiceProvider? _owned;
    private readonly AzuriteServer? _server;

    private StorageCommandContext(IServiceProvider services, ServiceProvider? owned, AzuriteServer? server)
    {
        Services = services;
        _owned = owned;
        _server = server;
    }

    public IServiceProvider Services { get; }

    /// <summary>The <c>--connection</c> option every storage command takes (on a parent, its subcommands take it too).</summary>
    public static Option<string?> ConnectionOption() => new("--connection")
    {
        Description = "Storage connection string (default: the AzureWebJobsStorage setting, else the local Azurite)",
        HelpName = "CONN",
        Recursive = true,
    };

    /// <summary>Sets the command's action: open storage from <paramref name="connection"/>, run <paramref name="action"/> on its services, close it.</summary>
    public static void SetAction(Command command, Option<string?> connection, StorageOpener open, Func<ParseResult, IServiceProvider, CancellationToken, Task<int>> action) =>
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var session = await open(result.GetValue(connection), cancellationToken);
            return await action(result, session.Services, cancellationToken);
        });

    /// <summary>Services the caller built and keeps (tests); the command neither opens nor disposes storage.</summary>
    public static StorageOpener Using(IServiceProvider services) =>
        (_, _) => Task.FromResult(new StorageCommandContext(services, owned: null, server: null));

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
        return new StorageCommandContext(services, services, server);
    }

    public async ValueTask DisposeAsync()
    {
        if (_owned is not null)
        {
            await _owned.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
