using System.Collections.Concurrent;
using Alerts.Core.Statements;
using Alerts.Core.Storage;
using Alerts.Core.Subscriptions;
using Alerts.Core.Threats;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Alerts.Core.IntegrationTests.Delivery;

/// <summary>
/// The assembly's Azurite plus the SendGrid fake, started once per test class. Tests build their own service
/// provider over it, as <c>CliHost</c> does, with the settings and clock they need.
/// </summary>
public sealed class DeliveryFixture(AzuriteFixture azurite) : IAsyncLifetime
{
    public const string SigningKey = "test-signing-key-0123456789-abcdefghijklmnop";
    public const string PublicBaseUrl = "https://alerts.example.org";

    public SendGridFake? SendGrid { get; private set; }

    public string ConnectionString => azurite.ConnectionString;

    public async ValueTask InitializeAsync()
    {
        if (SendGridFake.SchemaPath() is null)
        {
            return;
        }

        SendGrid = await SendGridFake.StartAsync(TimeProvider.System, TestContext.Current.CancellationToken);
        await using var services = Build();
        await services.GetRequiredService<StorageInitializer>().EnsureCreatedAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Skips the calling test, with the reason, when the shared SendGrid schema is not beside the checkout.</summary>
    public SendGridFake RequireSendGrid()
    {
        if (SendGrid is null)
        {
            Assert.Skip("The SendGrid schema ../shared/fixtures/sendgrid/mail-send.schema.json (beside the checkout) is missing, so the SendGrid fake cannot check requests.");
        }

        SendGrid.Reset();
        return SendGrid;
    }

    public ServiceProvider Build(InstantDelayTimeProvider? time = null, IDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = ConnectionString,
            ["Tokens:SigningKey"] = SigningKey,
            ["Alerts:PublicBaseUrl"] = PublicBaseUrl,
            ["SendGrid:ApiKey"] = SendGridFake.ApiKey,
            ["SendGrid:BaseUrl"] = SendGrid?.BaseUrl,
            ["SendGrid:TimeoutSeconds"] = "1",
        };
        var clock = time ?? new InstantDelayTimeProvider(TimeProvider.System);
        return TestServices.Build(
            TestServices.With(settings, overrides),
            services =>
            {
                services.AddSingleton(clock);
                services.AddSingleton<TimeProvider>(clock);
            },
            LogLevel.Warning);
    }

    public async ValueTask DisposeAsync()
    {
        if (SendGrid is not null)
        {
            await SendGrid.DisposeAsync();
        }
    }
}

/// <summary>
/// A clock whose timers fire at once and remember what they were asked to wait, so retry tests can check
/// that Retry-After / X-RateLimit-Reset were honoured without waiting for them. Time itself can be moved on.
/// </summary>
public sealed class InstantDelayTimeProvider(TimeProvider inner) : TimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> _delays = new();
    private TimeSpan _offset;

    public IReadOnlyList<TimeSpan> Delays => [.. _delays];

    public void Advance(TimeSpan by) => _offset += by;

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + _offset;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        _delays.Enqueue(dueTime);
        ThreadPool.QueueUserWorkItem(_ => callback(state));
        return new NoTimer();
    }

    private sealed class NoTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>Statements and subscribers with unique ids, so tests sharing one Azurite never see each other's rows.</summary>
public static class TestData
{
    public const string ThreatText = "The defence minister warned that any incursion would be met with a \"crushing\" military response against the enemy.";

    public static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..12];

    public static StoredStatement Statement(string officialId, string officialName, DateTimeOffset detectedAt, string? text = null, string? url = "https://news.example.org/a?x=1&y=2")
    {
        var body = text ?? ThreatText;
        var analysis = new ThreatAnalyzer().Analyze(body, new SpeakerContext(officialName, []));
        return new StoredStatement(
            Unique("st"),
            officialId,
            officialName,
            body,
            "Minister warns",
            url,
            [new StatementSource("src-1", "Example News", Unique("item"), url, "Minister warns of response", detectedAt)],
            detectedAt.AddMinutes(-30),
            detectedAt,
            analysis,
            Unique("corr"));
    }

    public static Subscription Active(string email, DeliveryMode mode = DeliveryMode.Immediate, IReadOnlyList<string>? officials = null, ThreatLevel level = ThreatLevel.Low) =>
        new(SubscriptionStore.IdFor(email), email, officials ?? [], level, [], mode, SubscriptionStatus.Active, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(-1))
        {
            Version = 7,
        };
}
