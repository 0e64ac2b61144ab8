using Alerts.Core.Subscriptions;
using Alerts.Functions.Telemetry;
using Alerts.Local.Storage;
using Microsoft.ApplicationInsights.Channel;
using Microsoft.ApplicationInsights.DataContracts;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Alerts.Functions.Tests;

/// <summary>The processor every worker telemetry item passes through: no link token reaches Application Insights.</summary>
public sealed class TokenScrubbingTelemetryProcessorTests
{
    private static readonly string Token = new SubscriptionTokens(
        Options.Create(new TokenOptions { SigningKey = "telemetry-test-key-of-32-characters-min" }), TimeProvider.System)
        .Create(SubscriptionTokens.Preferences, "s-0123456789abcdef", 42, TimeSpan.FromDays(60), epoch: 3);

    private static List<ITelemetry> Run(ITelemetry item)
    {
        var sink = new CollectingProcessor();
        new TokenScrubbingTelemetryProcessor(sink).Process(item);
        return sink.Items;
    }

    [Theory]
    [InlineData("https://alerts.example.org/api/preferences?token={0}")]
    [InlineData("https://alerts.example.org/api/unsubscribe?x=1&TOKEN={0}&y=2")]
    [InlineData("https://alerts.example.org/api/confirm?t={0}")]
    [InlineData("https://alerts.example.org/api/x?sig={0}#frag")]
    public void RemovesTokenParametersFromRequestUrls(string template)
    {
        var url = new Uri(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, Uri.EscapeDataString(Token)));

        var request = Assert.IsType<RequestTelemetry>(Assert.Single(Run(new RequestTelemetry { Url = url, Name = "GET " + url.PathAndQuery })));

        Assert.DoesNotContain(Uri.EscapeDataString(Token), request.Url.OriginalString, StringComparison.Ordinal);
        Assert.DoesNotContain(Uri.EscapeDataString(Token), request.Name, StringComparison.Ordinal);
        Assert.Contains(LinkTokenRedactor.Redacted, request.Url.OriginalString, StringComparison.Ordinal);
        Assert.Equal(url.AbsolutePath, request.Url.AbsolutePath);
    }

    [Fact]
    public void RemovesTokensFromTraceMessagesExceptionsDependenciesAndProperties()
    {
        var trace = new TraceTelemetry($"Request starting HTTP/1.1 POST http://localhost/api/preferences?token={Token} - application/x-www-form-urlencoded");
        trace.Properties["RequestPath"] = "/api/unsubscribe?token=" + Uri.EscapeDataString(Token);
        trace.Properties["QueryString"] = "?token=" + Token;
        var exception = new ExceptionTelemetry(new InvalidOperationException("bad link " + Token));
        var dependency = new DependencyTelemetry("Http", "alerts.example.org", "GET /api/confirm", $"https://alerts.example.org/api/confirm?token={Token}");

        var items = Run(trace).Concat(Run(exception)).Concat(Run(dependency)).ToList();

        var text = string.Join("\n", items.SelectMany(Texts));
        Assert.DoesNotContain(Token, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Uri.EscapeDataString(Token), text, StringComparison.Ordinal);
        Assert.DoesNotContain(Token.Split('.')[^1], text, StringComparison.Ordinal);
        Assert.Contains("/api/preferences?token=REDACTED", text, StringComparison.Ordinal);
    }

    [Fact]
    public void LeavesTelemetryWithoutTokensAlone()
    {
        var url = new Uri("https://alerts.example.org/api/subscribe?lang=en&topic=all");
        var request = Assert.IsType<RequestTelemetry>(Assert.Single(Run(new RequestTelemetry { Url = url, Name = "POST /api/subscribe" })));

        Assert.Same(url, request.Url);
        Assert.Equal("POST /api/subscribe", request.Name);
    }

    [Fact]
    public void IsInTheWorkersTelemetryPipeline()
    {
        var builder = AlertsFunctionsApp.CreateBuilder([]);
        foreach (var (key, value) in FunctionsHostTests.LocalSettings(AzuriteServer.BuildConnectionString(1, 2, 3)))
        {
            builder.Configuration[key] = value;
        }

        using var host = builder.Build();
        var configuration = host.Services.GetRequiredService<TelemetryConfiguration>();

        Assert.Contains(configuration.DefaultTelemetrySink.TelemetryProcessors, p => p is TokenScrubbingTelemetryProcessor);
    }

    private static IEnumerable<string> Texts(ITelemetry item) => item switch
    {
        TraceTelemetry t => [t.Message, .. t.Properties.Values],
        ExceptionTelemetry e => [e.Message, .. e.Properties.Values],
        DependencyTelemetry d => [d.Data, d.Name, .. d.Properties.Values],
        _ => [],
    };

    private sealed class CollectingProcessor : ITelemetryProcessor
    {
        public List<ITelemetry> Items { get; } = [];

        public void Process(ITelemetry item) => Items.Add(item);
    }
}
