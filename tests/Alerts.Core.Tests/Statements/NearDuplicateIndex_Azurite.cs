using Alerts.Core.Statements;
using Alerts.Core.Storage;
using Alerts.Core.Tests.Sources;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Alerts.Core.Tests.Statements;

public sealed class NearDuplicateIndex_Azurite(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Quote = "We will no longer tolerate your mockery and betrayal. Every terrorist attack inside Pakistan will come at a heavy price.";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 10, 29, 16, 0, 0, TimeSpan.Zero));

    private async Task<NearDuplicateIndex> IndexAsync()
    {
        var clients = new StorageClients(new StorageOptions { ConnectionString = azurite.ConnectionString });
        await clients.Table(Configuration.AlertsNames.Tables.SourceItems).CreateIfNotExistsAsync(TestContext.Current.CancellationToken);
        return new NearDuplicateIndex(clients, _time, NullLogger<NearDuplicateIndex>.Instance);
    }

    [Fact]
    public async Task ResolvesAReworkedQuoteToTheStatementFirstSeen()
    {
        var index = await IndexAsync();

        var first = await index.ResolveAsync("nd-a", Quote, TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromMinutes(30));
        var second = await index.ResolveAsync("nd-a", "We will no longer tolerate your mockery and betrayal! Every terror attack inside Pakistan will come at a heavy price", TestContext.Current.CancellationToken);

        Assert.Equal(StatementKey.Compute("nd-a", Quote), first);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task KeepsADifferentStatementAndAnotherOfficialsWordsApart()
    {
        var index = await IndexAsync();
        const string other = "Pakistan entered the talks in Istanbul at the request of neighbouring countries and the Taliban's own pleading.";

        var first = await index.ResolveAsync("nd-b", Quote, TestContext.Current.CancellationToken);
        var different = await index.ResolveAsync("nd-b", other, TestContext.Current.CancellationToken);
        var otherOfficial = await index.ResolveAsync("nd-c", Quote, TestContext.Current.CancellationToken);

        Assert.NotEqual(first, different);
        Assert.Equal(StatementKey.Compute("nd-b", other), different);
        Assert.Equal(StatementKey.Compute("nd-c", Quote), otherOfficial);
    }

    [Fact]
    public async Task ForgetsStatementsOlderThanTheWindow()
    {
        var index = await IndexAsync();
        const string reworded = "We will not tolerate your mockery and betrayal any longer. Every terrorist attack inside Pakistan will come at a heavy price.";

        await index.ResolveAsync("nd-d", Quote, TestContext.Current.CancellationToken);
        _time.Advance(NearDuplicateIndex.Window + TimeSpan.FromDays(1));
        var later = await index.ResolveAsync("nd-d", reworded, TestContext.Current.CancellationToken);

        Assert.Equal(StatementKey.Compute("nd-d", reworded), later);
    }
}
