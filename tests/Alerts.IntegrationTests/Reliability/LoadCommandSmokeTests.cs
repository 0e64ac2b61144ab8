using System.Text.Json;
using Alerts.Cli;
using Alerts.Cli.Commands;
using Alerts.Core.Pipeline;
using Alerts.Core.Storage;
using Alerts.Local.Pipeline;

namespace Alerts.IntegrationTests.Reliability;

/// <summary>The <c>load</c> command at a tiny scale: it runs, and its exactly-once numbers hold (the full run is for docs/performance.md).</summary>
[Collection(ReliabilitySuite.Name)]
public sealed class LoadCommandSmokeTests
{
    [Fact]
    public async Task ASmallLoadRunSendsExactlyOneEmailPerThreatAndMatchingSubscriber()
    {
        var ct = TestContext.Current.CancellationToken;
        var output = new StringWriter();
        var console = new CliConsole(TextReader.Null, output, new StringWriter());

        var exit = await new CliApp([new LoadCommand()]).RunAsync(["load", "--sources", "5", "--items", "100", "--threat-ratio", "0.2", "--json"], console, ct);

        var report = JsonSerializer.Deserialize<LoadReport>(output.ToString(), QueueMessageJson.Options);
        Assert.NotNull(report);
        Assert.Equal(0, exit);
        Assert.Equal(5, report.SourcesPolled);
        Assert.Equal(100, report.ItemsGenerated);
        Assert.Equal(20, report.ThreatsGenerated);
        Assert.Equal(100, report.StatementsStored);
        Assert.Equal(report.ThreatsGenerated, report.ThreatsStored);
        Assert.True(report.ExpectedEmails >= report.ThreatsStored, $"every threat goes at least to the subscriber who follows everyone; expected {report.ExpectedEmails}");
        Assert.Equal(report.ExpectedEmails, report.EmailsSent);
        Assert.Equal(0, report.DuplicateEmails);
        Assert.Equal(0, report.Poisoned);
        Assert.True(report.StorageRequests > 0);
        Assert.True(report.Completed);
        // The machine-independent figures the scale curve records: CPU time of the run and of its Azurite, the judge's share,
        // storage time per operation (one entry per counted operation), allocations per item.
        Assert.True(report.ProcessCpuSeconds > 0, $"process CPU {report.ProcessCpuSeconds}");
        Assert.True(report.StorageCpuSeconds > 0, $"Azurite CPU {report.StorageCpuSeconds}");
        Assert.True(report.JudgeCalls >= report.StatementsStored, $"judged {report.JudgeCalls}");
        Assert.Equal(report.StorageRequestsByOperation.Keys.Order(StringComparer.Ordinal), report.StorageSecondsByOperation.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((double)report.AllocatedBytes / report.ItemsGenerated, report.AllocatedBytesPerItem, 3);
        // The near-duplicate index's sixteen tables count as one operation (one lookup read per statement), and the CPU per
        // statement is read by tenth of the run, the last share ending with the last statement stored.
        // One lookup read per statement, and one more for each claim that lost a race to another poll of the same official.
        var lookups = report.StorageRequestsByOperation.GetValueOrDefault("GET sourceitems*");
        Assert.InRange(lookups, report.StatementsStored, report.StatementsStored * 5 / 4);
        Assert.DoesNotContain(report.StorageRequestsByOperation.Keys, k => k.StartsWith("GET sourceitems0", StringComparison.Ordinal));
        Assert.NotEmpty(report.Tenths);
        Assert.Equal(10, report.Tenths[^1].Tenth);
        Assert.Equal(report.StatementsStored, report.Tenths[^1].StoredBy);
        Assert.All(report.Tenths, t => Assert.True(t.ProcessCpuMilliseconds >= 0 && t.StorageCpuMilliseconds >= 0, $"{t}"));
        // Only threats need their fan-out marked after the insert; everything else is done at insert.
        Assert.Equal(report.ThreatsStored, report.StorageRequestsByOperation.GetValueOrDefault("PATCH statements"));
        // The officials are read once a minute, not once per statement.
        Assert.True(report.StorageRequestsByOperation.GetValueOrDefault("GET officials") < report.StatementsStored / 2, $"GET officials: {report.StorageRequestsByOperation.GetValueOrDefault("GET officials")}");
    }

    [Fact]
    public async Task ARunOutOfTimeStopsAndReportsHowFarItGot()
    {
        var ct = TestContext.Current.CancellationToken;
        var output = new StringWriter();
        var console = new CliConsole(TextReader.Null, output, new StringWriter());

        var exit = await new CliApp([new LoadCommand()]).RunAsync(["load", "--sources", "5", "--items", "400", "--max-seconds", "1", "--json"], console, ct);

        var report = JsonSerializer.Deserialize<LoadReport>(output.ToString(), QueueMessageJson.Options);
        Assert.NotNull(report);
        Assert.Equal(1, exit);
        Assert.False(report.Completed);
        Assert.True(report.StatementsStored < report.ItemsGenerated, $"{report.StatementsStored} stored");
        Assert.Equal(report.StatementsStored, report.ItemsDone);
        Assert.True(report.ElapsedSeconds < 60, $"{report.ElapsedSeconds} s");
    }

    [Fact]
    public async Task TheLoadCommandRefusesNonsenseOptionsWithTheReason()
    {
        var error = new StringWriter();
        var console = new CliConsole(TextReader.Null, new StringWriter(), error);

        var exit = await new CliApp([new LoadCommand()]).RunAsync(["load", "--threat-ratio", "2"], console, TestContext.Current.CancellationToken);

        Assert.Equal(2, exit);
        Assert.Contains("--threat-ratio must be between 0 and 1", error.ToString(), StringComparison.Ordinal);
    }
}
