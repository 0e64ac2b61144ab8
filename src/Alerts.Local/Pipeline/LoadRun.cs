using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using Alerts.Core.Email;
using Alerts.Core.Officials;
using Alerts.Core;
using Alerts.Core.Configuration;
using Alerts.Core.Delivery;
using Alerts.Core.Sources;
using Alerts.Core.Statements;
using Alerts.Core.Storage;
using Alerts.Core.Subscriptions;
using Alerts.Core.Threats;
using Alerts.Local.Sources;
using Azure.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alerts.Local.Pipeline;

/// <summary>
/// One load run through the whole pipeline over a given storage account: generated feeds on disk, the same
/// services the functions use, <see cref="LocalPipelineRunner"/> draining every queue, emails counted (not sent),
/// and every storage request counted.
/// </summary>
public sealed class LoadRun(LoadSettings settings, string connectionString, string workFolder, Action<ILoggingBuilder>? logging = null, TimeProvider? timeProvider = null)
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <summary>The storage emulator's process, when the caller started it: its CPU time goes in the report too.</summary>
    public int? StorageProcessId { get; init; }

    public async Task<LoadReport> RunAsync(CancellationToken cancellationToken)
    {
        var counter = new StorageRequestCounter();
        var sink = new LoadEmailSink(_time);
        await using var provider = BuildServices(counter, sink);
        var seeded = await SeedAsync(provider, cancellationToken);

        var judge = (TimedThreatAnalyzer)provider.GetRequiredService<IThreatAnalyzer>();
        using var process = Process.GetCurrentProcess();
        var before = StartMeasuring(judge, counter, process);
        var started = _time.GetUtcNow();
        var clock = Stopwatch.StartNew();
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tenths = SampleTenthsAsync(counter, seeded.Feeds.Items, sampling.Token);
        var stages = await RunStagesUntilDoneOrOutOfTimeAsync(provider, cancellationToken);
        clock.Stop();
        await sampling.CancelAsync();
        var byTenth = await tenths;
        var usage = MeasureSince(before, counter, process);

        var outcome = await GatherOutcomeAsync(provider, sink, seeded.Subscribers, started, cancellationToken);
        return BuildReport(seeded, stages, clock.Elapsed, usage, outcome, judge, byTenth);
    }

    /// <summary>The same services the functions use, over the given account, with every storage request counted and emails captured.</summary>
    private ServiceProvider BuildServices(StorageRequestCounter counter, LoadEmailSink sink)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [AlertsNames.Settings.Storage] = connectionString,
            ["Alerts:OutboxPath"] = Path.Combine(workFolder, "outbox"),
            ["Tokens:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
            // The hourly per-subscriber cap would fold most of a load run into digests; 0 turns it off.
            ["Delivery:MaxAlertsPerHour"] = "0",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(builder => (logging ?? (b => b.SetMinimumLevel(LogLevel.Error)))(builder));
        services.AddSingleton(_time);
        services.AddAlertsCore(configuration);
        services.AddLocalFileSources();
        services.AddLocalPipelineRunner();
        services.AddSingleton(sp => new StorageClients(
            sp.GetRequiredService<IOptions<StorageOptions>>().Value,
            options => options.AddPolicy(counter, HttpPipelinePosition.PerRetry)));
        services.AddSingleton<IEmailSender>(sink);
        DecorateAnalyzer(services);
        return services.BuildServiceProvider();
    }

    /// <summary>Creates the tables and queues, then stores the generated officials, subscribers and one file source per feed.</summary>
    private async Task<Seeded> SeedAsync(ServiceProvider provider, CancellationToken cancellationToken)
    {
        await provider.GetRequiredService<StorageInitializer>().EnsureCreatedAsync(cancellationToken);
        var generator = new LoadGenerator(settings);
        var now = _time.GetUtcNow();
        var officials = generator.CreateOfficials();
        foreach (var official in officials)
        {
            await provider.GetRequiredService<OfficialStore>().UpsertAsync(official, cancellationToken);
        }

        var subscribers = LoadGenerator.CreateSubscribers(officials, now);
        foreach (var subscriber in subscribers)
        {
            await provider.GetRequiredService<SubscriptionStore>().UpsertAsync(subscriber, cancellationToken);
        }

        var feeds = await generator.WriteFeedsAsync(Path.Combine(workFolder, "feeds"), officials, now, cancellationToken);
        var sourceStore = provider.GetRequiredService<SourceStore>();
        for (var i = 0; i < feeds.Files.Count; i++)
        {
            await sourceStore.UpsertDefinitionAsync(new SourceDefinition($"load-source-{i:D4}", $"Load source {i}", SourceKind.File, feeds.Files[i], TimeSpan.FromMinutes(5)), cancellationToken);
        }

        return new Seeded(feeds, subscribers);
    }

    /// <summary>
    /// Warms the judge up, zeroes the counters and takes the figures the run's usage is measured from, so seeding and
    /// the first call's start-up cost are left out.
    /// </summary>
    private Baseline StartMeasuring(TimedThreatAnalyzer judge, StorageRequestCounter counter, Process process)
    {
        GC.Collect();
        var allocated = GC.GetTotalAllocatedBytes(precise: false);
        var gen2 = GC.CollectionCount(2);
        judge.Analyze("Warm-up: the minister said the talks on rail links would continue.");
        judge.Reset();
        counter.Reset();
        var load = LoadAverage();
        var cpu = process.TotalProcessorTime;
        var storageCpu = StorageCpu();
        return new Baseline(allocated, gen2, load, cpu, storageCpu);
    }

    /// <summary>Polls every source once, then drains every queue, until done or <see cref="LoadSettings.MaxSeconds"/> has passed.</summary>
    private async Task<Stages> RunStagesUntilDoneOrOutOfTimeAsync(ServiceProvider provider, CancellationToken cancellationToken)
    {
        var polls = 0;
        var handled = 0;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (settings.MaxSeconds > 0)
        {
            limit.CancelAfter(TimeSpan.FromSeconds(settings.MaxSeconds));
        }

        try
        {
            polls = await provider.GetRequiredService<PollScheduler>().ScheduleAsync(null, limit.Token, force: true);
            handled = await provider.GetRequiredService<LocalPipelineRunner>().DrainAsync(limit.Token, maxRounds: 100_000);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Out of time: report how far the run got (statements stored so far, CPU, transactions).
            return new Stages(polls, handled, Completed: false);
        }

        return new Stages(polls, handled, Completed: true);
    }

    /// <summary>CPU (this process and the emulator), load, storage transactions and allocations since <paramref name="before"/>.</summary>
    private Usage MeasureSince(Baseline before, StorageRequestCounter counter, Process process)
    {
        process.Refresh();
        var cpu = (process.TotalProcessorTime - before.Cpu).TotalSeconds;
        var storageCpu = StorageCpu() - before.StorageCpu;
        var loadAfter = LoadAverage();
        var requests = counter.Snapshot();
        var requestSeconds = counter.SecondsSnapshot();
        var allocated = GC.GetTotalAllocatedBytes(precise: false) - before.Allocated;
        var gen2 = GC.CollectionCount(2) - before.Gen2;
        return new Usage(cpu, storageCpu, before.LoadAverage, loadAfter, requests, requestSeconds, allocated, gen2, process.PeakWorkingSet64);
    }

    /// <summary>What the run produced: the statements stored since it started, the emails sent and how late, the poison messages.</summary>
    private static async Task<Outcome> GatherOutcomeAsync(ServiceProvider provider, LoadEmailSink sink, IReadOnlyList<Subscription> subscribers, DateTimeOffset started, CancellationToken cancellationToken)
    {
        var stored = new List<StoredStatement>();
        await foreach (var statement in provider.GetRequiredService<StatementStore>().ListAsync(started.AddMinutes(-1), cancellationToken))
        {
            stored.Add(statement);
        }

        var sent = sink.Snapshot();
        var expected = stored.Sum(s => subscribers.Count(sub => sub.Wants(s)));
        var byStatement = stored.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var latencies = sent
            .Select(e => byStatement.TryGetValue(e.StatementId, out var s) ? (e.SentAt - s.DetectedAt).TotalSeconds : double.NaN)
            .Where(x => !double.IsNaN(x))
            .Order()
            .ToArray();
        var clients = provider.GetRequiredService<StorageClients>();
        var poisoned = 0;
        foreach (var queue in AlertsNames.Queues.All)
        {
            poisoned += (await clients.Queue(AlertsNames.Queues.PoisonOf(queue)).GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
        }

        return new Outcome(stored, sent, expected, latencies, poisoned);
    }

    private LoadReport BuildReport(Seeded seeded, Stages stages, TimeSpan elapsed, Usage usage, Outcome outcome, TimedThreatAnalyzer judge, IReadOnlyList<LoadTenth> tenths)
    {
        var (feeds, subscribers) = (seeded.Feeds, seeded.Subscribers);
        var (stored, sent, latencies) = (outcome.Stored, outcome.Sent, outcome.Latencies);
        var total = usage.Requests.Values.Sum();
        return new LoadReport(
            settings,
            stages.Polls,
            feeds.Items,
            feeds.Threats,
            stored.Count,
            stored.Count(s => s.Analysis.Threat),
            subscribers.Count,
            outcome.Expected,
            sent.Length,
            sent.Length - sent.Select(e => (e.StatementId, e.SubscriptionId)).Distinct().Count(),
            outcome.Poisoned,
            stages.Handled,
            elapsed.TotalSeconds,
            (stages.Completed ? feeds.Items : stored.Count) / elapsed.TotalSeconds,
            total,
            stored.Count == 0 ? 0 : (double)total / stored.Count,
            usage.Requests,
            usage.PeakWorkingSet,
            usage.Allocated,
            usage.Gen2,
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.95),
            latencies.Length == 0 ? 0 : latencies[^1])
        {
            Completed = stages.Completed,
            ProcessCpuSeconds = usage.Cpu,
            StorageCpuSeconds = usage.StorageCpu,
            JudgeCalls = judge.Calls,
            JudgeSeconds = judge.Seconds,
            StorageSecondsByOperation = usage.RequestSeconds,
            LoadAverageBefore = usage.LoadAverageBefore,
            LoadAverageAfter = usage.LoadAverageAfter,
            Tenths = tenths,
        };
    }

    /// <summary>
    /// CPU per statement stored (<c>POST statements</c>) in each tenth of the run, or across several tenths when one
    /// sample passed more than one: whether a process's cost per statement stays flat as the tables fill, read within
    /// one run. The first share includes the start of the polls; the last ends with the last statement stored (the emails
    /// still going out after it are in the run's totals, not in a share).
    /// </summary>
    private async Task<IReadOnlyList<LoadTenth>> SampleTenthsAsync(StorageRequestCounter counter, int items, CancellationToken cancellationToken)
    {
        const string Stored = "POST statements";
        var result = new List<LoadTenth>();
        var (tenth, stored, cpu, storageCpu) = (0, 0L, Environment.CpuUsage.TotalTime.TotalSeconds, StorageCpu());
        void Record(int upTo, long nowStored)
        {
            var (nowCpu, nowStorage) = (Environment.CpuUsage.TotalTime.TotalSeconds, StorageCpu());
            var done = nowStored - stored;
            result.Add(new LoadTenth(upTo, nowStored, done == 0 ? 0 : 1000 * (nowCpu - cpu) / done, done == 0 ? 0 : 1000 * (nowStorage - storageCpu) / done));
            (tenth, stored, cpu, storageCpu) = (upTo, nowStored, nowCpu, nowStorage);
        }

        while (tenth < 10)
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            var now = counter.CountOf(Stored);
            var reached = (int)Math.Min(10, 10 * now / Math.Max(1, items));
            if (reached > tenth)
            {
                Record(reached, now);
            }
        }

        var final = counter.CountOf(Stored);
        if (final > stored && tenth < 10)
        {
            Record(Math.Clamp((int)Math.Ceiling(10.0 * final / Math.Max(1, items)), tenth + 1, 10), final);
        }

        return result;
    }

    /// <summary>Replaces the registered analyser with a timed wrapper around it (same instance for every stage).</summary>
    private static void DecorateAnalyzer(ServiceCollection services)
    {
        var registered = services.Last(d => d.ServiceType == typeof(IThreatAnalyzer));
        services.Remove(registered);
        services.AddSingleton<IThreatAnalyzer>(sp => new TimedThreatAnalyzer(
            registered.ImplementationInstance as IThreatAnalyzer
            ?? (IThreatAnalyzer)(registered.ImplementationFactory?.Invoke(sp) ?? ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!))));
    }

    /// <summary>CPU seconds the storage emulator has used so far (0 when its process is not ours or is gone).</summary>
    private double StorageCpu()
    {
        if (StorageProcessId is not { } pid)
        {
            return 0;
        }

        try
        {
            using var storage = Process.GetProcessById(pid);
            return storage.TotalProcessorTime.TotalSeconds;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or NotSupportedException)
        {
            return 0;
        }
    }

    /// <summary>The one-minute load average (Linux), so a run on a shared machine says how shared it was; -1 elsewhere.</summary>
    private static double LoadAverage()
    {
        try
        {
            var text = File.ReadAllText("/proc/loadavg");
            return double.Parse(text.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return -1;
        }
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    /// <summary>Counts the emails instead of sending them, with when each would have gone out.</summary>
    private sealed class LoadEmailSink(TimeProvider time) : IEmailSender
    {
        private readonly ConcurrentQueue<SentEmail> _sent = new();

        public SentEmail[] Snapshot() => [.. _sent];

        public Task<EmailSendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken)
        {
            var statement = message.CustomArgs.TryGetValue("statement_id", out var s) ? s : "";
            var subscription = message.CustomArgs.TryGetValue("subscription_id", out var u) ? u : message.To;
            _sent.Enqueue(new SentEmail(statement, subscription, time.GetUtcNow()));
            return Task.FromResult(new EmailSendResult(EmailSendStatus.Sent, "load:" + Guid.NewGuid().ToString("N")));
        }
    }

    private sealed record SentEmail(string StatementId, string SubscriptionId, DateTimeOffset SentAt);

    private sealed record Seeded(GeneratedFeeds Feeds, IReadOnlyList<Subscription> Subscribers);

    private sealed record Baseline(long Allocated, int Gen2, double LoadAverage, TimeSpan Cpu, double StorageCpu);

    private sealed record Stages(int Polls, int Handled, bool Completed);

    private sealed record Usage(
        double Cpu,
        double StorageCpu,
        double LoadAverageBefore,
        double LoadAverageAfter,
        IReadOnlyDictionary<string, long> Requests,
        IReadOnlyDictionary<string, double> RequestSeconds,
        long Allocated,
        int Gen2,
        long PeakWorkingSet);

    private sealed record Outcome(List<StoredStatement> Stored, SentEmail[] Sent, int Expected, double[] Latencies, int Poisoned);
}

/// <summary>The figures of one load run.</summary>
public sealed record LoadReport(
    LoadSettings Settings,
    int SourcesPolled,
    int ItemsGenerated,
    int ThreatsGenerated,
    int StatementsStored,
    int ThreatsStored,
    int Subscribers,
    int ExpectedEmails,
    int EmailsSent,
    int DuplicateEmails,
    int Poisoned,
    int MessagesHandled,
    double ElapsedSeconds,
    double ItemsPerSecond,
    long StorageRequests,
    double StorageRequestsPerStatement,
    IReadOnlyDictionary<string, long> StorageRequestsByOperation,
    long PeakWorkingSetBytes,
    long AllocatedBytes,
    int Gen2Collections,
    double PollToEmailP50Seconds,
    double PollToEmailP95Seconds,
    double PollToEmailMaxSeconds)
{
    /// <summary>False when the run stopped at <see cref="LoadSettings.MaxSeconds"/>: the figures then cover the statements stored so far.</summary>
    public bool Completed { get; init; } = true;

    /// <summary>Items the per-item figures divide by: all of them, or for a run stopped early the statements stored.</summary>
    public int ItemsDone => Completed ? ItemsGenerated : StatementsStored;

    /// <summary>CPU seconds this process used during the run (pipeline, judge, clients): independent of how busy the machine was.</summary>
    public double ProcessCpuSeconds { get; init; }

    /// <summary>CPU seconds the storage emulator used during the run (0 when it was not started by the run's caller).</summary>
    public double StorageCpuSeconds { get; init; }

    public long JudgeCalls { get; init; }

    /// <summary>Seconds spent in the analyser, summed over the threads judging side by side.</summary>
    public double JudgeSeconds { get; init; }

    /// <summary>Seconds spent waiting on each storage operation, summed over concurrent requests.</summary>
    public IReadOnlyDictionary<string, double> StorageSecondsByOperation { get; init; } = new Dictionary<string, double>();

    public double LoadAverageBefore { get; init; }

    public double LoadAverageAfter { get; init; }

    /// <summary>CPU per statement stored in each tenth of the run: flat when nothing grows with the data stored.</summary>
    public IReadOnlyList<LoadTenth> Tenths { get; init; } = [];

    public double ProcessCpuMillisecondsPerItem => ItemsDone == 0 ? 0 : 1000 * ProcessCpuSeconds / ItemsDone;

    public double StorageCpuMillisecondsPerItem => ItemsDone == 0 ? 0 : 1000 * StorageCpuSeconds / ItemsDone;

    public double AllocatedBytesPerItem => ItemsDone == 0 ? 0 : (double)AllocatedBytes / ItemsDone;
}

/// <summary>
/// A share of a load run, up to <paramref name="Tenth"/> tenths of the items stored (from the previous share's end):
/// statements stored by then, and the run's and the emulator's CPU per statement stored in it.
/// </summary>
public sealed record LoadTenth(int Tenth, long StoredBy, double ProcessCpuMilliseconds, double StorageCpuMilliseconds);
