using System.Collections.Concurrent;
using Alerts.Core.Email;
using Alerts.Core.Officials;
using Alerts.Core;
using Alerts.Core.Delivery;
using Alerts.Core.Statements;
using Alerts.Core.Storage;
using Alerts.Functions.Http;
using Alerts.Local;
using Alerts.Local.Storage;
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
/// over in-memory Azurite, with emails captured instead of sent. No Functions host is needed: the classes
/// take an HttpRequest and return an IActionResult, which MVC's executors write out.
/// </summary>
public sealed class SubscriptionPagesHost : IAsyncLifetime
{
    public const string SigningKey = "web-test-signing-key-0123456789-abcdefghij";

    private AzuriteServer? _azurite;
    private WebApplication? _app;

    public string BaseUrl { get; private set; } = "";

    public CapturingEmailSender Emails { get; } = new();

    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("Not started.");

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _azurite = await AzuriteServer.StartInMemoryAsync(RepositoryRoot.Find(), ct);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = _azurite.ConnectionString,
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

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}

/// <summary>Keeps every email instead of sending it, so a test can follow the links in it.</summary>
public sealed class CapturingEmailSender : IEmailSender
{
    private readonly ConcurrentQueue<EmailMessage> _sent = new();

    public IReadOnlyList<EmailMessage> Sent => [.. _sent];

    public Task<EmailSendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        _sent.Enqueue(message);
        return Task.FromResult(new EmailSendResult(EmailSendStatus.Sent, "captured-" + _sent.Count));
    }

    /// <summary>The path and query of the first <c>/api/{path}</c> link in the latest email to this address.</summary>
    public string LinkTo(string email, string path)
    {
        var message = _sent.Last(m => m.To == email);
        var start = message.Text.IndexOf("/api/" + path + "?token=", StringComparison.Ordinal);
        Assert.True(start >= 0, $"No /api/{path} link in the email to {email}");
        var end = message.Text.IndexOfAny([' ', '\n', '\r'], start);
        return message.Text[start..(end < 0 ? message.Text.Length : end)];
    }
}
