using System.Text.Json;
using Alerts.Cli;
using Alerts.Cli.Commands;
using Alerts.Core.Delivery;
using Alerts.Core.Officials;
using Alerts.Core.Statements;
using Alerts.Core.Subscriptions;
using Alerts.Core.IntegrationTests.Delivery;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Core.IntegrationTests.Subscriptions;

/// <summary>The operator commands (CLI, same SubscriberAdmin as the manage endpoints) over real Azurite.</summary>
[Collection(AzuriteSuite.Name)]
public sealed class AdminCommands_Azurite(DeliveryFixture fixture) : IClassFixture<DeliveryFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(int Code, string Out, string Error)> Run(Func<CliConsole, Task<int>> command)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await command(new CliConsole(TextReader.Null, output, error));
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task AddsListsRemovesSubscribersAndRefusesBadInput()
    {
        fixture.RequireSendGrid();
        await using var services = fixture.Build();
        var email = TestData.Unique("ops") + "@example.org";

        var added = await Run(c => SubscribersCommand.RunAsync(["add", email, "--level", "high", "--mode", "digest"], c, services, Ct));
        var bad = await Run(c => SubscribersCommand.RunAsync(["add", "nope", "--level", "extreme"], c, services, Ct));
        var listed = await Run(c => SubscribersCommand.RunAsync(["list"], c, services, Ct));
        var removed = await Run(c => SubscribersCommand.RunAsync(["remove", email], c, services, Ct));
        var missing = await Run(c => SubscribersCommand.RunAsync(["remove", "nobody@example.org"], c, services, Ct));

        Assert.Equal(0, added.Code);
        Assert.Equal(1, bad.Code);
        Assert.Contains("email:", bad.Error, StringComparison.Ordinal);
        Assert.Contains("minimumLevel:", bad.Error, StringComparison.Ordinal);
        Assert.Contains(email, listed.Out, StringComparison.Ordinal);
        Assert.Equal(0, removed.Code);
        Assert.Equal(1, missing.Code);
        Assert.Equal(SubscriptionStatus.Unsubscribed, (await services.GetRequiredService<SubscriptionStore>().FindByEmailAsync(email, Ct))?.Status);
    }

    [Fact]
    public async Task ExportsASubscribersDataWithLedgerRowsThenErasesAllOfIt()
    {
        var fake = fixture.RequireSendGrid();
        await using var services = fixture.Build(overrides: new Dictionary<string, string?> { ["Delivery:MaxAlertsPerHour"] = "1" });
        var subscriber = TestData.Active(TestData.Unique("gdpr") + "@example.org");
        await services.GetRequiredService<SubscriptionStore>().UpsertAsync(subscriber, Ct);
        var statements = services.GetRequiredService<StatementStore>();
        foreach (var i in new[] { 1, 2 })
        {
            var statement = TestData.Statement("any", "Defence Minister", DateTimeOffset.UtcNow);
            await statements.TryAddAsync(statement, Ct);
            await services.GetRequiredService<AlertDeliverer>().DeliverAsync(new DeliveryRequest(statement.Id, subscriber.Id, "c"), $"m{i}", Ct);
        }

        var export = await Run(c => SubscribersCommand.RunAsync(["export", subscriber.Email], c, services, Ct));
        var erase = await Run(c => SubscribersCommand.RunAsync(["erase", subscriber.Id], c, services, Ct));
        var after = await services.GetRequiredService<SubscriberAdmin>().ExportAsync(subscriber.Id, Ct);

        Assert.Equal(0, export.Code);
        using var json = JsonDocument.Parse(export.Out);
        Assert.Equal(subscriber.Email, json.RootElement.GetProperty("subscription").GetProperty("email").GetString());
        var rows = json.RootElement.GetProperty("deliveries").EnumerateArray().ToList();
        Assert.Contains(rows, r => r.TryGetProperty("Status", out var status) && status.GetString() == "Sent");
        Assert.Contains(rows, r => r.TryGetProperty("Status", out var status) && status.GetString() == "Folded");
        Assert.Contains(rows, r => r.GetProperty("PartitionKey").GetString() == DeliveryCap.CapPrefix + subscriber.Id);
        Assert.Contains(rows, r => r.GetProperty("PartitionKey").GetString() == Alerts.Core.Archive.AlertIndex.PartitionFor(subscriber.Id));
        Assert.Equal(0, erase.Code);
        Assert.Null(after);
        Assert.Empty(await services.GetRequiredService<DeliveryLedger>().ListForSubscriberAsync(subscriber.Id, Ct));
        Assert.Single(fake.Delivered, r => r.To == subscriber.Email);
    }

    [Fact]
    public async Task AddsListsAndRemovesOfficials()
    {
        fixture.RequireSendGrid();
        await using var services = fixture.Build();
        var id = TestData.Unique("official");

        var added = await Run(c => OfficialsCommand.RunAsync(["add", id, "Jane Minister", "--aliases", "Jane,The Minister", "--role", "Minister"], c, services, Ct));
        var badId = await Run(c => OfficialsCommand.RunAsync(["add", "bad/id", "X"], c, services, Ct));
        var listed = await Run(c => OfficialsCommand.RunAsync(["list"], c, services, Ct));
        var removed = await Run(c => OfficialsCommand.RunAsync(["remove", id], c, services, Ct));

        Assert.Equal(0, added.Code);
        Assert.Equal(1, badId.Code);
        Assert.Contains("Jane Minister", listed.Out, StringComparison.Ordinal);
        Assert.Equal(0, removed.Code);
        Assert.Null(await services.GetRequiredService<OfficialStore>().GetAsync(id, Ct));
    }
}
