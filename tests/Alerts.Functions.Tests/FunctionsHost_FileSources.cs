using Alerts.Core.Sources;
using Alerts.Core.Statements;
using Alerts.Core.Storage;
using Alerts.Local;
using Alerts.Local.Sources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Alerts.Functions.Tests;

/// <summary>
/// The deployed app must never read local paths: a <c>File</c> source row (the seeds have one) fails with a
/// reason on its record, through the real host's container and the PollSource function, over Azurite.
/// </summary>
[Collection(AzuriteSuite.Name)]
public sealed class FunctionsHost_FileSources(AzuriteFixture azurite)
{
    [Fact]
    public async Task TheFunctionAppHasNoFileReader_AndAFileSourceFailsWithAReasonOnItsRecordInsteadOfBeingRead()
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = AlertsFunctionsApp.CreateBuilder([]);
        foreach (var (key, value) in FunctionsHostTests.LocalSettings(azurite.ConnectionString))
        {
            builder.Configuration[key] = value;
        }

        using var host = builder.Build();
        var services = host.Services;
        await services.GetRequiredService<StorageInitializer>().EnsureCreatedAsync(ct);
        var feedOnDisk = Path.Combine(RepositoryRoot.Find(), "seeds", "feeds", "seed-news.xml");
        Assert.True(File.Exists(feedOnDisk));
        var sources = services.GetRequiredService<SourceStore>();
        await sources.UpsertDefinitionAsync(new SourceDefinition("local-file", "A local file", SourceKind.File, feedOnDisk, TimeSpan.FromMinutes(5)), ct);

        Assert.DoesNotContain(services.GetServices<ISourceReader>(), r => r is FileSourceReader);
        var outcome = await services.GetRequiredService<SourcePoller>().PollAsync(new PollRequest("local-file", DateTimeOffset.UtcNow, "corr-file"), ct);

        Assert.Equal(SourceReadStatus.Failed, outcome.Status);
        var record = await sources.GetAsync("local-file", ct);
        Assert.Equal(FileSourcesRefused.Reason, record!.Checkpoint.LastError);
        Assert.Equal(1, record.Checkpoint.ConsecutiveFailures);
        Assert.Empty(record.SeenItems);
    }
}
