using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Alerts.Local.Storage;

namespace Alerts.IntegrationTests;

/// <summary>
/// A small HTTP server on 127.0.0.1 and a free port for fakes (a feed that hangs, a SendGrid that throttles).
/// Each request goes to the handler; a handler that never answers holds the request until the server stops.
/// </summary>
public sealed class LocalHttpServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Func<HttpListenerContext, CancellationToken, Task> _handler;
    private readonly ConcurrentBag<Task> _inFlight = [];
    private readonly Task _loop;

    public LocalHttpServer(Func<HttpListenerContext, CancellationToken, Task> handler)
    {
        _handler = handler;
        Port = AzuriteServer.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>Holds the request open without a byte of answer until the server stops.</summary>
    public static async Task HangAsync(CancellationToken stopping)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, stopping);
        }
        catch (OperationCanceledException)
        {
            // The server is stopping.
        }
    }

    public static async Task WriteAsync(HttpListenerContext context, int status, string body = "", string contentType = "application/json", IDictionary<string, string>? headers = null)
    {
        context.Response.StatusCode = status;
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        var bytes = Encoding.UTF8.GetBytes(body);
        if (bytes.Length > 0)
        {
            context.Response.ContentType = contentType;
        }

        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    private async Task LoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _inFlight.Add(Task.Run(async () =>
            {
                try
                {
                    await _handler(context, _stopping.Token);
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or IOException or InvalidOperationException)
                {
                    // The client went away (timed out): nothing to answer.
                }
            }));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Close();
        await _loop;
        await Task.WhenAll(_inFlight);
        _stopping.Dispose();
    }
}
