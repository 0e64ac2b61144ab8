using System.Net;
using Alerts.Local.Storage;

namespace Alerts.Core.Tests.Sources;

/// <summary>
/// A tiny HTTP server on 127.0.0.1 and a free port (HttpListener, no test-host package): each test maps
/// paths to handlers and reads back the requests it received.
/// </summary>
internal sealed class LocalHttpServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, Func<HttpListenerContext, Task>> _routes = new(StringComparer.Ordinal);
    private readonly List<RecordedRequest> _requests = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public LocalHttpServer()
    {
        Port = AzuriteServer.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public Uri Url(string path) => new($"http://127.0.0.1:{Port}{path}");

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public void Map(string path, Func<HttpListenerContext, Task> handler)
    {
        lock (_routes)
        {
            _routes[path] = handler;
        }
    }

    public void MapBytes(string path, byte[] body, string contentType = "application/rss+xml", string? etag = null) =>
        Map(path, async context =>
        {
            if (etag is not null)
            {
                context.Response.AddHeader("ETag", etag);
                if (context.Request.Headers["If-None-Match"] == etag)
                {
                    context.Response.StatusCode = 304;
                    return;
                }
            }

            context.Response.ContentType = contentType;
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
        });

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var path = context.Request.Url?.AbsolutePath ?? "/";
        lock (_requests)
        {
            _requests.Add(new RecordedRequest(path, context.Request.Url?.Query ?? "", context.Request.Headers.AllKeys.OfType<string>().ToDictionary(k => k, k => context.Request.Headers[k] ?? "", StringComparer.OrdinalIgnoreCase)));
        }

        Func<HttpListenerContext, Task>? handler;
        lock (_routes)
        {
            _routes.TryGetValue(path, out handler);
        }

        try
        {
            if (handler is null)
            {
                context.Response.StatusCode = 404;
            }
            else
            {
                await handler(context);
            }
        }
        catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The client went away (a capped or refused download): nothing to answer.
        }

        try
        {
            context.Response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // Already closed by the client.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (ObjectDisposedException)
        {
            // Closed under the loop.
        }

        _stop.Dispose();
    }
}

internal sealed record RecordedRequest(string Path, string Query, IReadOnlyDictionary<string, string> Headers);
