using System.Text.Json;
using Alerts.Core.Configuration;
using Alerts.Local;

namespace Alerts.Functions.Tests;

/// <summary>Reads the functions.metadata that the worker SDK generates, which is what the host indexes at <c>func start</c>.</summary>
public sealed class FunctionsMetadataTests
{
    private static JsonElement[] Functions()
    {
        var bin = Path.Combine(RepositoryRoot.Find(), "src", "Alerts.Functions", "bin");
        var metadata = Directory.GetFiles(bin, "functions.metadata", SearchOption.AllDirectories)
            .OrderByDescending(File.GetLastWriteTimeUtc)
            .FirstOrDefault() ?? throw new InvalidOperationException($"No functions.metadata under {bin}: build src/Alerts.Functions first.");
        using var document = JsonDocument.Parse(File.ReadAllText(metadata));
        return document.RootElement.EnumerateArray().Select(e => e.Clone()).ToArray();
    }

    private static JsonElement Trigger(string function)
    {
        var entry = Assert.Single(Functions(), f => f.GetProperty("name").GetString() == function);
        return Assert.Single(entry.GetProperty("bindings").EnumerateArray(), b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("PollSource", AlertsNames.Queues.PollRequests)]
    [InlineData("AnalyzeStatement", AlertsNames.Queues.Statements)]
    [InlineData("DeliverAlert", AlertsNames.Queues.Deliveries)]
    public void QueueFunctionListensOnItsQueueThroughTheHostStorageConnection(string function, string queue)
    {
        var trigger = Trigger(function);

        Assert.Equal("queueTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal(queue, trigger.GetProperty("queueName").GetString());
        Assert.Equal(AlertsNames.Settings.Storage, trigger.GetProperty("connection").GetString());
        Assert.True(queue.Length <= 56, "queue names must leave room for -poison");
    }

    [Fact]
    public void TimerReadsItsScheduleFromThePollScheduleSetting()
    {
        var trigger = Trigger("ScheduleSourcePolls");

        Assert.Equal("timerTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal($"%{AlertsNames.Settings.PollSchedule}%", trigger.GetProperty("schedule").GetString());
    }

    [Theory]
    [InlineData("AlertArchive", "alerts", "get")]
    [InlineData("OfficialTimeline", "timeline", "get,post")]
    [InlineData("AlertFeedback", "feedback", "get,post")]
    [InlineData("AlertFeeds", "feed/{format}", "get")]
    public void SignedLinkPagesAreAnonymousOnTheirRoutes(string function, string route, string methods)
    {
        var trigger = Trigger(function);

        Assert.Equal("httpTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal(route, trigger.GetProperty("route").GetString());
        Assert.Equal("Anonymous", trigger.GetProperty("authLevel").GetString());
        Assert.Equal(methods.Split(','), trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToLowerInvariant()));
    }

    [Fact]
    public void ReconcilerReadsItsScheduleFromTheReconcileScheduleSetting()
    {
        var trigger = Trigger("ReconcileDeliveries");

        Assert.Equal("timerTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal($"%{AlertsNames.Settings.ReconcileSchedule}%", trigger.GetProperty("schedule").GetString());
    }

    [Fact]
    public void EveryFunctionClassIsInTheMetadata()
    {
        var names = Functions().Select(f => f.GetProperty("name").GetString()).ToHashSet();

        foreach (var type in FunctionsHostTests.FunctionClasses())
        {
            Assert.Contains(type.Name, names);
        }
    }

    [Fact]
    public void OnlyThePublicPagesAndHealthAreAnonymous_AdminAndIngestNeedAFunctionKey()
    {
        var publicFunctions = new HashSet<string>(StringComparer.Ordinal) { "Subscribe", "Confirm", "Preferences", "Unsubscribe", "Health", "AlertArchive", "OfficialTimeline", "AlertFeedback", "AlertFeeds" };
        var http = Functions()
            .Select(f => (Name: f.GetProperty("name").GetString()!, Trigger: f.GetProperty("bindings").EnumerateArray().FirstOrDefault(b => b.GetProperty("type").GetString() == "httpTrigger")))
            .Where(f => f.Trigger.ValueKind == JsonValueKind.Object)
            .ToList();

        Assert.Contains(http, f => f.Trigger.GetProperty("route").GetString()!.StartsWith("manage/", StringComparison.Ordinal));
        foreach (var (name, trigger) in http)
        {
            var level = trigger.GetProperty("authLevel").GetString();
            Assert.True(
                publicFunctions.Contains(name) ? level == "Anonymous" : level == "Function",
                $"{name} ({trigger.GetProperty("route").GetString()}) has authLevel {level}");
        }
    }

    [Fact]
    public void AnonymousHealthIsLivenessOnly_TheDetailedReportNeedsAFunctionKey()
    {
        var health = Trigger("Health");
        var details = Trigger("HealthDetails");

        Assert.Equal("health", health.GetProperty("route").GetString());
        Assert.Equal("Anonymous", health.GetProperty("authLevel").GetString());
        Assert.Equal("health/details", details.GetProperty("route").GetString());
        Assert.Equal("Function", details.GetProperty("authLevel").GetString());
    }
}
