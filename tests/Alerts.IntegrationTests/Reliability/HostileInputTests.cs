using System.Text.Json;
using Alerts.Core.Configuration;
using Alerts.Core.Delivery;
using Alerts.Core.Officials;
using Alerts.Core.Pipeline;
using Alerts.Core.Seeding;
using Alerts.Core.Sources;
using Alerts.Core.Statements;
using Alerts.Core.Storage;
using Alerts.Core.Subscriptions;
using Alerts.Core.Telemetry;
using Alerts.Local;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;

namespace Alerts.IntegrationTests.Reliability;

/// <summary>What an outsider can put in front of the pipeline: broken queue messages, markup in statements and names, bad addresses.</summary>
[Collection(ReliabilitySuite.Name)]
public sealed class HostileInputTests(AzuriteFixture azurite)
{
    private static readonly string Oversized = "{\"sourceId\":\"" + new string('a', QueueMessageJson.MaxMessageChars) + "\"}";

    public static TheoryData<string> Queues => new(AlertsNames.Queues.All);

    [Theory]
    [MemberData(nameof(Queues))]
    public async Task UnreadableMessagesArePoisonedWithTheirReasonLogged_AndTheRestOfTheBatchIsProcessed(string queue)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await FaultHarness.CreateAsync(azurite.ConnectionString);
        await h.SeedAsync();
        using var poisoned = new MetricCollector<long>(h.Get<AlertsMetrics>().Poisoned);
        var hostile = new Dictionary<string, string>
        {
            ["not JSON"] = "<script>alert(1)</script>",
            ["over the size limit"] = Oversized,
            ["JSON of the wrong shape"] = "[1,2,3]",
            ["a wrong type"] = "{\"sourceId\":42,\"statementId\":42,\"subscriptionId\":42}",
            ["a key with a path in it"] = "{\"sourceId\":\"../../sources\",\"statementId\":\"../x\",\"subscriptionId\":\"a#b\",\"officialId\":\"o\",\"text\":\"t\"}",
            ["a control character in a key"] = "{\"sourceId\":\"a\\u0000b\",\"statementId\":\"a\\u0001b\",\"subscriptionId\":\"a\\u0002b\",\"officialId\":\"o\",\"text\":\"t\"}",
            ["null"] = "null",
            ["a deeply nested document"] = new string('[', 5_000) + new string(']', 5_000),
        };
        var valid = await QueueOneValidMessageAsync(h, queue, ct);
        foreach (var text in hostile.Values)
        {
            await h.Harness.Queue(queue).SendMessageAsync(text, ct);
        }

        await h.DrainAsync();

        Assert.Equal(0, await h.Harness.CountAsync(queue));
        Assert.Equal(hostile.Count, await h.Harness.CountAsync(AlertsNames.Queues.PoisonOf(queue)));
        Assert.Equal(hostile.Count, poisoned.GetMeasurementSnapshot().Sum(m => m.Value));
        var reasons = h.Logs.GetSnapshot()
            .Where(r => r.Level == LogLevel.Error && r.Message.StartsWith("Unreadable message", StringComparison.Ordinal))
            .Select(r => r.GetStructuredStateValue("Reason") ?? "")
            .ToList();
        Assert.Equal(hostile.Count, reasons.Count);
        Assert.All(reasons, reason => Assert.False(string.IsNullOrWhiteSpace(reason)));
        Assert.Contains(reasons, r => r.Contains("exceeds", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("not a valid", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("not a valid key", StringComparison.Ordinal));
        await valid();
    }

    [Fact]
    public async Task WellFormedRequestsForThingsThatDoNotExistAreDroppedWithAWarning_AndSendNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await FaultHarness.CreateAsync(azurite.ConnectionString);
        await h.SeedAsync();
        var statement = await CrashRecoveryTests.StoreThreatWithoutDeliveriesAsync(h, ct);
        await h.SendAsync(AlertsNames.Queues.PollRequests, new PollRequest("no-such-source", DateTimeOffset.UtcNow, "forged"));
        await h.SendAsync(AlertsNames.Queues.Deliveries, new DeliveryRequest("st-forged", SubscriptionStore.IdFor(FaultHarness.FirstSubscriber), "forged"));
        await h.SendAsync(AlertsNames.Queues.Deliveries, new DeliveryRequest(statement, SubscriptionStore.IdFor("intruder@evil.example"), "forged"));

        await h.DrainAsync();

        Assert.Empty(h.Emails.Sent);
        Assert.Equal(0, await h.PoisonCountAsync());
        Assert.Contains(h.Logs.GetSnapshot(), r => r.Level == LogLevel.Warning && r.Message.Contains("unknown source no-such-source", StringComparison.Ordinal));
        Assert.Contains(h.Logs.GetSnapshot(), r => r.Level == LogLevel.Warning && r.Message.Contains("unknown statement st-forged", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MarkupAndScriptInStatementTitleLinkAndOfficialNameAreStoredAsIs_AndEncodedInTheEmail()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await FaultHarness.CreateAsync(azurite.ConnectionString);
        await h.SeedAsync();
        const string name = "Gen. <script>alert('name')</script> Bob \"The Hammer\" O'Brien & <img src=x onerror=alert(2)>\r\nBcc: victim@evil.example";
        await h.Get<OfficialStore>().UpsertAsync(new Official("hostile-official", name, ["Bob O'Brien"]), ct);
        const string text = "<script>alert('text')</script> Bob O'Brien said the response would be crushing <img src=x onerror=alert(1)> and threatened them with total destruction. <a href=\"javascript:alert(3)\">more</a>";
        var candidate = new StatementCandidate(
            StatementKey.Compute("hostile-official", text), "hostile-official", name, "seed-news", "<b>Seed</b><script>alert('source')</script>", "item-hostile",
            "javascript:alert('link')", "<iframe src=\"https://evil.example\"></iframe>Warning", text, null, DateTimeOffset.UtcNow, "hostile-correlation");
        await h.SendAsync(AlertsNames.Queues.Statements, candidate);

        await h.DrainAsync();

        var stored = await h.Get<StatementStore>().GetAsync(candidate.StatementId, ct);
        Assert.NotNull(stored);
        Assert.Equal(text, stored.Text);
        Assert.Equal(name, stored.OfficialName);
        Assert.Equal(candidate.Title, stored.Title);
        var email = Assert.Single(h.Emails.Sent);
        Assert.Equal(FaultHarness.SecondSubscriber, email.To);
        var html = await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(h.Harness.Outbox, "*.html")), ct);
        foreach (var raw in new[] { "<script", "<img", "<iframe", "<a href=\"javascript", "href=\"javascript:" })
        {
            Assert.DoesNotContain(raw, html, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Contains("&lt;script&gt;alert(", html, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(", html, StringComparison.Ordinal);
        // The subject is plain text, but a line break in it would let a name add headers (Bcc) to the email.
        Assert.DoesNotContain('\n', email.Subject);
        Assert.DoesNotContain('\r', email.Subject);
        var eml = await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(h.Harness.Outbox, "*.eml")), ct);
        var unix = eml.Replace("\r\n", "\n", StringComparison.Ordinal);
        var headers = System.Text.RegularExpressions.Regex.Replace(unix[..unix.IndexOf("\n\n", StringComparison.Ordinal)], "\n[ \t]+", " ").Split('\n');
        Assert.DoesNotContain(headers, l => l.StartsWith("Bcc:", StringComparison.OrdinalIgnoreCase));
        Assert.All(headers.Where(l => l.Contains("victim@evil.example", StringComparison.Ordinal)), l => Assert.StartsWith("Subject:", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task InvalidAndVeryLongAddressesInTheSeedsAreRefusedPerAddressWithAReason_AndTheValidSubscriberStillGetsOneEmail()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sendGrid = new SendGridFake([]);
        sendGrid.RefuseInvalidAddresses = true;
        await using var h = await FaultHarness.CreateAsync(
            azurite.ConnectionString,
            settings: new Dictionary<string, string?> { ["SendGrid:ApiKey"] = "SG.fake-key-for-local-tests", ["SendGrid:BaseUrl"] = sendGrid.BaseUrl, ["SendGrid:MaxRetryDelaySeconds"] = "0" });
        var seeds = Path.Combine(Path.GetTempPath(), "alerts-seeds-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(seeds);
        try
        {
            var original = Path.Combine(RepositoryRoot.Find(), "seeds");
            File.Copy(Path.Combine(original, "officials.json"), Path.Combine(seeds, "officials.json"));
            await File.WriteAllTextAsync(Path.Combine(seeds, "sources.json"), JsonSerializer.Serialize(new[] { new SourceSeed("seed-news", "Seed", "File", Path.Combine(original, "feeds", "seed-news.xml"), 5, true) }, QueueMessageJson.Options), ct);
            var bad = new[] { "not-an-address", "<script>@evil.example", new string('a', 5_000) + "@example.com", "two@@example.com" };
            var subscribers = bad.Select(e => new SubscriberSeed(e, null, "low", null, "immediate")).Append(new SubscriberSeed(FaultHarness.FirstSubscriber, ["khawaja-asif"], "medium", null, "immediate"));
            await File.WriteAllTextAsync(Path.Combine(seeds, "subscribers.json"), JsonSerializer.Serialize(subscribers, QueueMessageJson.Options), ct);
            await h.Harness.SeedAsync(seeds);

            await h.Harness.RunCycleAsync();

            var accepted = Assert.Single(sendGrid.Accepted);
            Assert.Equal(SubscriptionStore.IdFor(FaultHarness.FirstSubscriber), accepted["subscription_id"]);
            var threat = accepted["statement_id"];
            foreach (var address in bad)
            {
                var ledger = await h.Get<DeliveryLedger>().GetAsync(threat, SubscriptionStore.IdFor(address), ct);
                Assert.Equal(LedgerStatus.Failed, ledger?.Status);
                Assert.Contains("does not contain a valid address", ledger?.Error, StringComparison.Ordinal);
            }

            Assert.Equal(0, await h.PoisonCountAsync());
        }
        finally
        {
            Directory.Delete(seeds, recursive: true);
        }
    }

    /// <summary>Queues one message the stage can handle, and returns the check that it was handled.</summary>
    private static async Task<Func<Task>> QueueOneValidMessageAsync(FaultHarness h, string queue, CancellationToken ct)
    {
        switch (queue)
        {
            case AlertsNames.Queues.PollRequests:
                await h.SendAsync(queue, new PollRequest("seed-news", DateTimeOffset.UtcNow, "valid"));
                return async () => Assert.NotNull((await h.Get<SourceStore>().GetAsync("seed-news", ct))?.Checkpoint.LastPolledAt);
            case AlertsNames.Queues.Statements:
                var candidate = FaultHarness.Candidate();
                await h.SendAsync(queue, candidate);
                return async () =>
                {
                    Assert.NotNull(await h.Get<StatementStore>().GetAsync(candidate.StatementId, ct));
                    Assert.Equal(2, h.Emails.Sent.Count);
                };
            default:
                var statement = await CrashRecoveryTests.StoreThreatWithoutDeliveriesAsync(h, ct);
                await h.SendAsync(queue, new DeliveryRequest(statement, SubscriptionStore.IdFor(FaultHarness.FirstSubscriber), "valid"));
                return () =>
                {
                    Assert.Single(h.Emails.Sent);
                    return Task.CompletedTask;
                };
        }
    }
}
