using Alerts.Core.Email;
using Alerts.Core.Officials;
using Alerts.Core;
using Alerts.Core.Delivery;
using Alerts.Core.Statements;
using Alerts.Core.Storage;
using Alerts.Functions.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Alerts.Web.Tests;

/// <summary>
/// The subscriber HTTP functions (the real function classes) behind a tiny Kestrel pipeline on 127.0.0.1:0,
/// over the assembly's in-memory Azurite (shared by the classes, so each scenario uses ids of its own), with emails captured instead of sent. No Functions host is needed: the classes
/// take an HttpRequest and return an IActionResult, which MVC's executors write out.
/// </summary>
public sealed class SubscriptionPagesHost(AzuriteFixture azurite) : IAsyncLifetime
{
    public const string SigningKey = "web-test-signing-key-0123456789-abcdefghij";

    private WebApplication? _app;

    public string BaseUrl { get; private set; } = "";

    public RecordingEmailSender Emails { get; } = new();

    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("Not started.");

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Tokens:SigningKey"] = SigningKey,
            ["Alerts:OutboxPath"] = Path.Combine(Path.GetTempPath(), "alerts-web-outbox"),

            // Every test request comes from 127.0.0.1: room for all of them, and a short padded answer.
            ["Subscribe:PerIpPerHour"] = "1000",
            ["Subscribe:AnswerMilliseconds"] = "100",
        });
        builder.Services.AddAlertsCore(builder.Configuration);
        builder.Services.AddSingleton<IEmailSender>(Emails);
        builder.Services.AddMvcCore();
        builder.Services.AddTransient<Subscribe>();
        builder.Services.AddTransient<Confirm>();
        builder.Services.AddTransient<Preferences>();
        builder.Services.AddTransient<Unsubscribe>();
        builder.Services.AddTransient<ManageSubscribers>();
        builder.Services.AddTransient<ManageOfficials>();
        builder.Services.AddTransient<AlertArchive>();
        builder.Services.AddTransient<OfficialTimeline>();
        builder.Services.AddTransient<AlertFeedback>();
        builder.Services.AddTransient<AlertFeeds>();
        _app = builder.Build();
        _app.MapMethods("/api/subscribe", ["GET", "POST"], (HttpContext c, Subscribe f) => Execute(c, f.Run(c.Request, c.RequestAborted)));
        _app.MapMethods("/api/confirm", ["GET", "POST"], (HttpContext c, Confirm f) => Execute(c, f.Run(c.Request, c.RequestAborted)));
        _app.MapMethods("/api/preferences", ["GET", "POST"], (HttpContext c, Preferences f) => Execute(c, f.Run(c.Request, c.RequestAborted)));
        _app.MapMethods("/api/unsubscribe", ["GET", "POST"], (HttpContext c, Unsubscribe f) => Execute(c, f.Run(c.Request, c.RequestAborted)));
        _app.MapMethods("/api/manage/subscribers", ["GET", "POST"], (HttpContext c, ManageSubscribers f) => Execute(c, f.ListOrAdd(c.Request, c.RequestAborted)));
        _app.MapMethods("/api/manage/subscribers/{id}", ["GET", "DELETE"], (HttpContext c, string id, ManageSubscribers f) => Execute(c, f.Remove(c.Request, id, c.RequestAborted)));
        _app.MapGet("/api/manage/subscribers/{id}/export", (HttpContext c, string id, ManageSubscribers f) => Execute(c, f.Export(c.Request, id, c.RequestAborted)));
        _app.MapDelete("/api/manage/subscribers/{id}/data", (HttpContext c, string id, ManageSubscribers f) => Execute(c, f.Erase(c.Request, id, c.RequestAborted)));
        _app.MapMethods("/api/manage/officials", ["GET", "POST"], (HttpContext c, ManageOfficials f) => Execute(c, f.ListOrAdd(c.Request, c.RequestAborted)));
        _app.MapDelete("/api/manage/officials/{id}", (HttpContext c, string id, ManageOfficials f) => Execute(c, f.Remove(c.Request, id, c.RequestAborted)));
        _app.MapGet("/api/alerts", (HttpContext c, AlertArchive f) => Execute(c, f.Run(c.Request, c.RequestAborted)));
        _app.MapMethods("/api/timeline", ["GET", "POST"], (HttpContext c, OfficialTimeline f) => Execute(c, f.Run(c.Request, c.RequestAborted)));
        _app.MapMethods("/api/feedback", ["GET", "POST"], (HttpContext c, AlertFeedback f) => Execute(c, f.Run(c.Request, c.RequestAborted)));
        _app.MapGet("/api/feed/{format}", (HttpContext c, string format, AlertFeeds f) => Execute(c, f.Run(c.Request, format, c.RequestAborted)));
        await _app.StartAsync(ct);
        BaseUrl = _app.Urls.First();
        await _app.Services.GetRequiredService<StorageInitializer>().EnsureCreatedAsync(ct);

        // Official names are untrusted too: one hostile name must come out inert on every page.
        var officials = _app.Services.GetRequiredService<OfficialStore>();
        await officials.UpsertAsync(new Official("khawaja-asif", "Khawaja Muhammad Asif", ["Khawaja Asif"], "Minister of Defence", "Pakistan"), ct);
        await officials.UpsertAsync(new Official("hostile-name", "<img src=x onerror=\"window.__xss=1\">Mr \"Quote\"", [], "<script>window.__xss=2</script>", null), ct);
    }

    private static async Task Execute(HttpContext context, Task<IActionResult> run)
    {
        var result = await run;
        await result.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
