using Alerts.Core.Configuration;
using Alerts.Core.Delivery;
using Alerts.Core.Email;
using Alerts.Core.Pipeline;
using Alerts.Core.Statements;
using Alerts.Core.Storage;
using Alerts.Core.Subscriptions;
using Alerts.Core.Threats;
using Alerts.Local.Pipeline;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Alerts.IntegrationTests.Reliability;

/// <summary>Thrown where a test makes the worker "die": nothing in the product catches it on purpose.</summary>
public sealed class SimulatedCrashException(string message) : Exception(message);

/// <summary>
/// A storage pipeline policy that fails chosen requests, as a crash at that point or an outage would: the request
/// never reaches storage. Armed rules fire after <c>skip</c> matching requests, <c>times</c> times.
/// </summary>
public sealed class StorageFaults : HttpPipelinePolicy
{
    private readonly Lock _gate = new();
    private readonly List<Rule> _rules = [];
    private int _injected;

    public int Injected => Volatile.Read(ref _injected);

    public void Fail(Func<Request, bool> matches, string what, int skip = 0, int times = 1)
    {
        lock (_gate)
        {
            _rules.Add(new Rule(matches, what, skip, times));
        }
    }

    public static bool IsQueueSend(Request request, string queue) =>
        request.Method == RequestMethod.Post && request.Uri.Path.EndsWith($"/{queue}/messages", StringComparison.Ordinal);

    public static bool IsTableMerge(Request request, string table) =>
        request.Method.Method is "PATCH" or "MERGE" && request.Uri.Path.Contains($"/{table}(", StringComparison.Ordinal);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Check(message.Request);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Check(message.Request);
        return ProcessNextAsync(message, pipeline);
    }

    private void Check(Request request)
    {
        lock (_gate)
        {
            foreach (var rule in _rules.Where(r => r.Times > 0 && r.Matches(request)))
            {
                if (rule.Skip > 0)
                {
                    rule.Skip--;
                    continue;
                }

                rule.Times--;
                _injected++;
                throw new SimulatedCrashException($"injected fault: {rule.What} ({request.Method} {request.Uri.Path})");
            }
        }
    }

    private sealed class Rule(Func<Request, bool> matches, string what, int skip, int times)
    {
        public Func<Request, bool> Matches { get; } = matches;

        public string What { get; } = what;

        public int Skip { get; set; } = skip;

        public int Times { get; set; } = times;
    }
}

/// <summary>An analyser that can be broken (a bug) and fixed, or made to run a hook first.</summary>
public sealed class SwitchableAnalyzer(IThreatAnalyzer inner) : IThreatAnalyzer
{
    public bool Broken { get; set; }

    public Func<Task>? BeforeAnalyze { get; set; }

    public string Version => inner.Version;

    public ThreatAnalysis Analyze(string text, SpeakerContext? speaker = null)
    {
        if (Broken)
        {
            throw new InvalidOperationException("analyser bug: rules failed to load");
        }

        BeforeAnalyze?.Invoke().GetAwaiter().GetResult();
        return inner.Analyze(text, speaker);
    }
}

/// <summary>One harness with the fault seams the reliability tests need, over a given Azurite.</summary>
public sealed class FaultHarness : IAsyncDisposable
{
    private FaultHarness(PipelineHarness harness, StorageFaults faults, RecordingEmailSender emails, FakeTimeProvider? time, FakeLogCollector logs, SwitchableAnalyzer analyzer)
    {
        Harness = harness;
        Faults = faults;
        Emails = emails;
        Time = time;
        Logs = logs;
        Analyzer = analyzer;
    }

    public const string ThreatText = "Defence Minister Khawaja Asif warned the Taliban that Pakistan's response would be crushing and threatened them with total destruction.";

    public PipelineHarness Harness { get; }

    public StorageFaults Faults { get; }

    public RecordingEmailSender Emails { get; }

    public FakeTimeProvider? Time { get; }

    public FakeLogCollector Logs { get; }

    public SwitchableAnalyzer Analyzer { get; }

    public T Get<T>()
        where T : notnull => Harness.Get<T>();

    public static async Task<FaultHarness> CreateAsync(
        string connectionString,
        FakeTimeProvider? time = null,
        IDictionary<string, string?>? settings = null,
        Func<IServiceProvider, IEmailSender>? innerSender = null,
        Action<IServiceCollection>? configure = null)
    {
        var faults = new StorageFaults();
        RecordingEmailSender? recorder = null;
        SwitchableAnalyzer? analyzer = null;
        var harness = await PipelineHarness.CreateAsync(
            connectionString,
            services =>
            {
                services.AddLogging(b => b.SetMinimumLevel(LogLevel.Information).AddFakeLogging());
                if (time is not null)
                {
                    services.AddSingleton<TimeProvider>(time);
                }

                services.AddSingleton(sp => new StorageClients(
                    sp.GetRequiredService<IOptions<StorageOptions>>().Value,
                    options =>
                    {
                        options.AddPolicy(faults, HttpPipelinePosition.PerCall);
                        options.Retry.MaxRetries = 2;
                        options.Retry.Delay = TimeSpan.FromMilliseconds(50);
                        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(200);
                        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
                    }));
                // Decorate whatever the product registered, so the tests follow its wiring.
                var sender = services.Last(d => d.ServiceType == typeof(IEmailSender));
                var analyser = services.Last(d => d.ServiceType == typeof(IThreatAnalyzer));
                services.AddSingleton<IEmailSender>(sp => recorder = new RecordingEmailSender(innerSender?.Invoke(sp) ?? (IEmailSender)Resolve(sender, sp)));
                services.AddSingleton<IThreatAnalyzer>(sp => analyzer = new SwitchableAnalyzer((IThreatAnalyzer)Resolve(analyser, sp)));
                configure?.Invoke(services);
            },
            settings);
        _ = harness.Get<IEmailSender>();
        _ = harness.Get<IThreatAnalyzer>();
        return new FaultHarness(harness, faults, recorder!, time, harness.Services.GetFakeLogCollector(), analyzer!);
    }

    private static object Resolve(ServiceDescriptor descriptor, IServiceProvider services) =>
        descriptor.ImplementationInstance
        ?? descriptor.ImplementationFactory?.Invoke(services)
        ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!);

    /// <summary>The seed official and its subscriber, plus a second subscriber following every official.</summary>
    public async Task SeedAsync()
    {
        await Harness.SeedAsync();
        var now = Time?.GetUtcNow() ?? DateTimeOffset.UtcNow;
        await Get<SubscriptionStore>().UpsertAsync(
            new Subscription(SubscriptionStore.IdFor(SecondSubscriber), SecondSubscriber, [], ThreatLevel.Low, [], DeliveryMode.Immediate, SubscriptionStatus.Active, now, now),
            TestContext.Current.CancellationToken);
    }

    public const string FirstSubscriber = "analyst@example.com";

    public const string SecondSubscriber = "desk@example.com";

    public static StatementCandidate Candidate(string text = ThreatText, string itemId = "item-1", string correlationId = "test-correlation", string officialId = "khawaja-asif") =>
        new(StatementKey.Compute(officialId, text), officialId, "Khawaja Muhammad Asif", "seed-news", "Seed news", itemId, "https://news.example.org/a", "Warning", text, null, DateTimeOffset.UtcNow, correlationId);

    public Task SendAsync<T>(string queue, T message) => Get<QueueWriter>().SendAsync(queue, message, TestContext.Current.CancellationToken);

    public Task<int> DrainAsync() => Get<LocalPipelineRunner>().DrainAsync(TestContext.Current.CancellationToken);

    public async Task<int> PoisonCountAsync()
    {
        var total = 0;
        foreach (var queue in AlertsNames.Queues.All)
        {
            total += await Harness.CountAsync(AlertsNames.Queues.PoisonOf(queue));
        }

        return total;
    }

    /// <summary>Emails per (statement, subscription): exactly-once means every value is 1.</summary>
    public IReadOnlyDictionary<(string Statement, string Subscription), int> EmailsPerAlert() =>
        Emails.Sent.GroupBy(e => (e.CustomArgs["statement_id"], e.CustomArgs["subscription_id"])).ToDictionary(g => g.Key, g => g.Count());

    public ValueTask DisposeAsync() => Harness.DisposeAsync();
}
