using Alerts.Cli;
using Alerts.Cli.Commands;
using Alerts.Core.Configuration;
using Alerts.Core.Pipeline;
using Alerts.Core.Statements;
using Alerts.Core.Storage;
using Alerts.Local.Pipeline;

namespace Alerts.IntegrationTests;

[Collection(AzuriteSuite.Name)]
public sealed class PoisonReplayTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task PoisonedStatementReplayedAfterTheFixIsProcessedOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await PipelineHarness.CreateAsync(azurite.ConnectionString);
        await harness.SeedAsync();
        const string text = "Khawaja Asif warned the response would be crushing.";
        var candidate = new StatementCandidate(StatementKey.Compute("khawaja-asif", text), "khawaja-asif", "Khawaja Muhammad Asif", "seed-news", "Seed", "item-r", null, null, text, null, DateTimeOffset.UtcNow, "replay");
        // As if a stage had failed five times on it (say storage was down) and the host poisoned it.
        await harness.Queue(AlertsNames.Queues.PoisonOf(AlertsNames.Queues.Statements)).SendMessageAsync(QueueMessageJson.Serialize(candidate), ct);

        var console = new CliConsole(TextReader.Null, new StringWriter(), new StringWriter());
        var exit = await new CliApp([new ReplayPoisonCommand()]).RunAsync(["replay-poison", AlertsNames.Queues.Statements, "--connection", harness.ConnectionString], console, ct);
        await harness.Get<LocalPipelineRunner>().DrainAsync(ct);

        Assert.Equal(0, exit);
        Assert.Contains("Moved 1 message", console.Out.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, await harness.CountAsync(AlertsNames.Queues.PoisonOf(AlertsNames.Queues.Statements)));
        Assert.NotNull(await harness.Get<StatementStore>().GetAsync(candidate.StatementId, ct));
        Assert.Single(harness.OutboxEmails());
    }

    [Fact]
    public async Task ReplayOfAnUnknownQueueIsRefusedWithTheValidNames()
    {
        var ct = TestContext.Current.CancellationToken;
        var console = new CliConsole(TextReader.Null, new StringWriter(), new StringWriter());

        var exit = await new CliApp([new ReplayPoisonCommand()]).RunAsync(["replay-poison", "nope", "--connection", azurite.ConnectionString], console, ct);

        Assert.Equal(2, exit);
        Assert.Contains("poll-requests, statements, deliveries", console.Error.ToString(), StringComparison.Ordinal);
    }
}
