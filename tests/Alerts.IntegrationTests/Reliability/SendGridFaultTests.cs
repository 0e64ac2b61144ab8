using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Alerts.Core.Configuration;
using Alerts.Core.Delivery;
using Alerts.Core.Email;
using Alerts.Core.Pipeline;
using Alerts.Core.Subscriptions;
using Alerts.Core.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Alerts.IntegrationTests.Reliability;

/// <summary>
/// The real <see cref="SendGridEmailSender"/> against a minimal local fake of <c>POST /v3/mail/send</c> that answers from a
/// script: throttling, server errors, hangs, and "accepted but the answer never came back".
/// </summary>
[Collection(ReliabilitySuite.Name)]
public sealed class SendGridFaultTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("429,500,hang,202", 4)]
    [InlineData("429-reset-later,202", 2)]
    [InlineData("500,500,500,500,202", 5)]
    public async Task SendGridThrottlingFailingOrHangingIsRetriedUntilItAccepts_AndTheAlertGoesOutOnce(string script, int expectedRequests)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sendGrid = new SendGridFake(script.Split(','));
        await using var h = await CreateAsync(sendGrid);
        var (statement, subscription) = await QueueOneDeliveryAsync(h, ct);

        await h.DrainAsync();

        Assert.Equal(expectedRequests, sendGrid.Requests);
        var accepted = Assert.Single(sendGrid.Accepted);
        Assert.Equal(statement, accepted["statement_id"]);
        Assert.Equal(subscription, accepted["subscription_id"]);
        var ledger = await h.Get<DeliveryLedger>().GetAsync(statement, subscription, ct);
        Assert.Equal(LedgerStatus.Sent, ledger?.Status);
        Assert.StartsWith("fake-", ledger?.MessageId, StringComparison.Ordinal);
        Assert.Equal(0, await h.PoisonCountAsync());
    }

    [Fact]
    public async Task SendGridRefusingTheRequestIsRecordedAsFailedWithItsReason_AndNotRetried()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sendGrid = new SendGridFake(["400"]);
        await using var h = await CreateAsync(sendGrid);
        using var failures = new MetricCollector<long>(h.Get<AlertsMetrics>().DeliveryFailures);
        var (statement, subscription) = await QueueOneDeliveryAsync(h, ct);

        await h.DrainAsync();

        Assert.Equal(1, failures.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Equal(1, sendGrid.Requests);
        var ledger = await h.Get<DeliveryLedger>().GetAsync(statement, subscription, ct);
        Assert.Equal(LedgerStatus.Failed, ledger?.Status);
        Assert.Contains("400", ledger?.Error, StringComparison.Ordinal);
        Assert.Contains("does not contain a valid address", ledger?.Error, StringComparison.Ordinal);
        Assert.Equal(0, await h.PoisonCountAsync());
    }

    /// <summary>
    /// The residual risk SendGrid leaves: it accepted the email but the answer timed out, so the sender reports a
    /// retryable failure, the claim is released and the retry sends again. Both requests carry the ledger key
    /// (statement_id, subscription_id) in custom_args, which is what reconciliation against SendGrid's event
    /// webhook or activity feed matches on.
    /// </summary>
    [Fact]
    public async Task ATimeoutAfterSendGridAcceptedSendsASecondCopy_BothCarryingTheLedgerKeyForReconciliation()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sendGrid = new SendGridFake(["accept-then-hang", "202"]);
        await using var h = await CreateAsync(sendGrid, maxAttempts: 1);
        var (statement, subscription) = await QueueOneDeliveryAsync(h, ct);

        await h.DrainAsync();

        Assert.Equal(2, sendGrid.Accepted.Count);
        Assert.All(sendGrid.Accepted, args =>
        {
            Assert.Equal(statement, args["statement_id"]);
            Assert.Equal(subscription, args["subscription_id"]);
            Assert.Equal("test-correlation", args["correlation_id"]);
        });
        Assert.Equal(LedgerStatus.Sent, (await h.Get<DeliveryLedger>().GetAsync(statement, subscription, ct))?.Status);
    }

    private Task<FaultHarness> CreateAsync(SendGridFake sendGrid, int maxAttempts = 3) =>
        FaultHarness.CreateAsync(
            azurite.ConnectionString,
            settings: new Dictionary<string, string?>
            {
                ["SendGrid:ApiKey"] = "SG.fake-key-for-local-tests",
                ["SendGrid:BaseUrl"] = sendGrid.BaseUrl,
                ["SendGrid:MaxAttempts"] = maxAttempts.ToString(CultureInfo.InvariantCulture),
                ["SendGrid:MaxRetryDelaySeconds"] = "0",
            },
            configure: services => services.AddHttpClient("sendgrid").ConfigureHttpClient(c => c.Timeout = TimeSpan.FromSeconds(1)));

    private static async Task<(string Statement, string Subscription)> QueueOneDeliveryAsync(FaultHarness h, CancellationToken ct)
    {
        await h.SeedAsync();
        var statement = await CrashRecoveryTests.StoreThreatWithoutDeliveriesAsync(h, ct);
        var subscription = SubscriptionStore.IdFor(FaultHarness.FirstSubscriber);
        await h.SendAsync(AlertsNames.Queues.Deliveries, new DeliveryRequest(statement, subscription, "test-correlation"));
        return (statement, subscription);
    }
}

/// <summary>
/// Answers <c>POST /v3/mail/send</c> from a script, one step per request: <c>202</c> (accepted, with X-Message-Id),
/// <c>429</c>, <c>429-reset-later</c> (X-RateLimit-Reset a minute ahead), <c>500</c>, <c>400</c>, <c>hang</c> (never answers),
/// <c>accept-then-hang</c> (counts as accepted, never answers). Past the script it accepts.
/// </summary>
public sealed class SendGridFake : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _script;
    private readonly ConcurrentQueue<IReadOnlyDictionary<string, string>> _accepted = new();
    private readonly LocalHttpServer _server;
    private int _requests;

    public SendGridFake(IEnumerable<string> script)
    {
        _script = new ConcurrentQueue<string>(script);
        _server = new LocalHttpServer(HandleAsync);
    }

    public string BaseUrl => _server.BaseUrl;

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Answers 400 as SendGrid does when the first recipient is not a plausible address.</summary>
    public bool RefuseInvalidAddresses { get; set; }

    public IReadOnlyList<IReadOnlyDictionary<string, string>> Accepted => [.. _accepted];

    private async Task HandleAsync(HttpListenerContext context, CancellationToken stopping)
    {
        if (context.Request.HttpMethod != "POST" || context.Request.Url?.AbsolutePath != "/v3/mail/send")
        {
            await LocalHttpServer.WriteAsync(context, 404, """{"errors":[{"message":"not found","field":null,"help":null}]}""");
            return;
        }

        if (!string.Equals(context.Request.Headers["Authorization"], "Bearer SG.fake-key-for-local-tests", StringComparison.Ordinal))
        {
            await LocalHttpServer.WriteAsync(context, 401, """{"errors":[{"message":"The provided authorization grant is invalid, expired, or revoked","field":null,"help":null}]}""");
            return;
        }

        Interlocked.Increment(ref _requests);
        using var reader = new StreamReader(context.Request.InputStream);
        using var body = JsonDocument.Parse(await reader.ReadToEndAsync(stopping));
        var step = _script.TryDequeue(out var next) ? next : "202";
        if (RefuseInvalidAddresses && !IsPlausibleAddress(FirstRecipient(body.RootElement)))
        {
            step = "400";
        }

        switch (step)
        {
            case "202":
                _accepted.Enqueue(CustomArgs(body.RootElement));
                await LocalHttpServer.WriteAsync(context, 202, headers: new Dictionary<string, string> { ["X-Message-Id"] = "fake-" + Guid.NewGuid().ToString("N") });
                return;
            case "429":
                await LocalHttpServer.WriteAsync(context, 429, """{"errors":[{"message":"too many requests","field":null,"help":null}]}""");
                return;
            case "429-reset-later":
                var reset = DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
                await LocalHttpServer.WriteAsync(context, 429, """{"errors":[{"message":"too many requests","field":null,"help":null}]}""", headers: new Dictionary<string, string> { ["X-RateLimit-Reset"] = reset });
                return;
            case "500":
                await LocalHttpServer.WriteAsync(context, 500, """{"errors":[{"message":"internal error","field":null,"help":null}]}""");
                return;
            case "400":
                await LocalHttpServer.WriteAsync(context, 400, """{"errors":[{"message":"The to email does not contain a valid address.","field":"personalizations.0.to.0.email","help":"http://sendgrid.com/docs/API_Reference/Web_API_v3/Mail/errors.html#message.personalizations.to"}]}""");
                return;
            case "accept-then-hang":
                _accepted.Enqueue(CustomArgs(body.RootElement));
                await LocalHttpServer.HangAsync(stopping);
                return;
            default:
                await LocalHttpServer.HangAsync(stopping);
                return;
        }
    }

    private static string FirstRecipient(JsonElement root) =>
        root.TryGetProperty("personalizations", out var p) && p.GetArrayLength() > 0
        && p[0].TryGetProperty("to", out var to) && to.GetArrayLength() > 0 && to[0].TryGetProperty("email", out var email)
            ? email.GetString() ?? ""
            : "";

    private static bool IsPlausibleAddress(string address) =>
        address.Length <= 254
        && address.IndexOf('@', StringComparison.Ordinal) is > 0 and <= 64 and var at
        && at == address.LastIndexOf('@')
        && System.Text.RegularExpressions.Regex.IsMatch(address, @"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$");

    /// <summary>custom_args from the message or its first personalization.</summary>
    private static Dictionary<string, string> CustomArgs(JsonElement root)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        void Take(JsonElement element)
        {
            if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("custom_args", out var args) && args.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in args.EnumerateObject())
                {
                    result[p.Name] = p.Value.GetString() ?? "";
                }
            }
        }

        Take(root);
        if (root.TryGetProperty("personalizations", out var personalizations))
        {
            foreach (var p in personalizations.EnumerateArray())
            {
                Take(p);
            }
        }

        return result;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
