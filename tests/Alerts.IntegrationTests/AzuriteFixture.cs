using Alerts.Local;
using Alerts.Local.Storage;

namespace Alerts.IntegrationTests;

/// <summary>A real Azurite, in memory on free loopback ports, for one test class; stopped afterwards.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteServer? _server;

    public AzuriteServer Server => _server ?? throw new InvalidOperationException("Azurite is not started.");

    public string ConnectionString => Server.ConnectionString;

    public async ValueTask InitializeAsync()
    {
        _server = await AzuriteServer.StartInMemoryAsync(RepositoryRoot.Find(), TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
