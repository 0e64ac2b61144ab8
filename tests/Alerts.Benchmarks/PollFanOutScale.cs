using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Alerts.Core;
using Alerts.Core.Configuration;
using Alerts.Core.Sources;
using Alerts.Core.Storage;
using Alerts.Local;
using Alerts.Local.Storage;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Benchmarks;

/// <summary>
/// The timer's fan-out at scale: N sources (default 5,000) in the sources table of an in-memory Azurite
/// on free ports, each with a realistic checkpoint (1,000 seen-item hashes), then one scheduler tick that
/// must queue a poll request for every due source. Prints the wall-clock times.
/// </summary>
internal static class PollFanOutScale
{
    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5_000;
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMinutes(20));
        var ct = cancellation.Token;
        await using var azurite = await AzuriteServer.StartInMemoryAsync(RepositoryRoot.Find(), ct);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [AlertsNames.Settings.Storage] = azurite.ConnectionString,
            ["Alerts:OutboxPath"] = Path.GetTempPath(),
            ["Tokens:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddAlertsCore(configuration);
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<StorageInitializer>().EnsureCreatedAsync(ct);

        var setup = Stopwatch.StartNew();
        var table = new TableClient(azurite.ConnectionString, AlertsNames.Tables.Sources);
        var seen = string.Join(',', Enumerable.Range(0, 1_000).Select(i => i.ToString("x12", CultureInfo.InvariantCulture)));
        var polled = DateTimeOffset.UtcNow.AddMinutes(-10);
        var batches = Enumerable.Range(0, count).Chunk(100);
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (chunk, token) =>
        {
            var actions = chunk.Select(i => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity("source", $"src-{i:D5}")
            {
                ["Name"] = $"Outlet {i}",
                ["Kind"] = nameof(SourceKind.Feed),
                ["Location"] = $"https://outlet{i}.example.org/rss",
                ["PollIntervalSeconds"] = 300,
                ["Enabled"] = true,
                ["ETag"] = "\"abc\"",
                ["LastPolledAt"] = polled,
                ["ConsecutiveFailures"] = 0,
                ["SeenItems"] = seen,
            })).ToList();
            await table.SubmitTransactionAsync(actions, token);
        });
        Console.WriteLine($"setup: {count} sources written in {setup.Elapsed.TotalSeconds:F1} s");

        var list = Stopwatch.StartNew();
        var listed = 0;
        await foreach (var _ in provider.GetRequiredService<SourceStore>().ListAsync(ct))
        {
            listed++;
        }

        Console.WriteLine($"list: {listed} sources read (without seen items) in {list.Elapsed.TotalSeconds:F1} s");

        // Every source last polled 10 minutes ago with a 5-minute interval: all are due in this tick.
        var tick = Stopwatch.StartNew();
        var scheduled = await provider.GetRequiredService<PollScheduler>().ScheduleAsync(DateTimeOffset.UtcNow.AddMinutes(-5), ct);
        tick.Stop();
        var queue = new QueueClient(azurite.ConnectionString, AlertsNames.Queues.PollRequests);
        var queued = (await queue.GetPropertiesAsync(ct)).Value.ApproximateMessagesCount;
        Console.WriteLine($"tick: {scheduled} due, {queued} poll requests queued in {tick.Elapsed.TotalSeconds:F1} s ({scheduled / tick.Elapsed.TotalSeconds:F0} sources/s)");
        return scheduled == count && queued == count ? 0 : 1;
    }
}
