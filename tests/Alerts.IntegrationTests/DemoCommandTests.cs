using Alerts.Cli;
using Alerts.Cli.Commands;
using Alerts.Local;

namespace Alerts.IntegrationTests;

[Collection(AzuriteSuite.Name)]
public sealed class DemoCommandTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task DemoPrintsTheSeedThreatWithEvidenceWritesTheEmailAndTheSecondRunSendsNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var outbox = Path.Combine(Path.GetTempPath(), "alerts-demo-" + Guid.NewGuid().ToString("N"));
        try
        {
            var first = new CliConsole(TextReader.Null, new StringWriter(), new StringWriter());
            var exit = await DemoCommand.RunCycleAsync(RepositoryRoot.Find(), azurite.ConnectionString, outbox, first, ct);

            var output = first.Out.ToString()!;
            Assert.Equal(0, exit);
            Assert.Contains("Khawaja Muhammad Asif", output, StringComparison.Ordinal);
            Assert.Matches(@"(high|critical)\s+\d+", output);
            Assert.Contains("crushing", output, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("Emails: 1 written to " + outbox, output, StringComparison.Ordinal);
            Assert.Single(Directory.GetFiles(outbox, "*.eml"));
            Assert.Single(Directory.GetFiles(outbox, "*.html"));

            var second = new CliConsole(TextReader.Null, new StringWriter(), new StringWriter());
            Assert.Equal(0, await DemoCommand.RunCycleAsync(RepositoryRoot.Find(), azurite.ConnectionString, outbox, second, ct));
            Assert.Contains("No new statements", second.Out.ToString(), StringComparison.Ordinal);
            Assert.Contains("Emails: none sent.", second.Out.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(outbox))
            {
                Directory.Delete(outbox, recursive: true);
            }
        }
    }
}
