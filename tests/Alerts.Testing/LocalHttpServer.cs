using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Alerts.Local.Storage;

namespace Alerts.Testing;

/// <summary>
/// A tiny HTTP server on 127.0.0.1 and a free port (HttpListener, no test-host package) for fakes: a feed, a
/// page, a social API, a SendGrid that throttles. A test either maps paths to handlers (<see cref="Map"/>, anything
/// else is 404) or gives one handler for every request; it reads back the requests the server received.
/// A handler that never answers (<see cref="HangAsync"/>) holds its request until the server stops.
/// </summary>
public sealed class LocalHttpServer : IAsyncDisposable
{
    /// <summary>How long stopping waits for handlers still running (a deliberately slow one keeps running).</summary>
    private static readonly TimeSpan InFlightGrace = TimeSpan.FromSeconds(2);

    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, Func<HttpListenerContext, Task>> _routes = new(StringComparer.Ordinal);
    private readonly Func<HttpListenerContext, CancellationToken, Task>? _handler;
    private readonly List<RecordedRequest> _requests = [];
    private readonly ConcurrentBag<Task> _inFlight = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;

    /// <summary>A server that answers the paths given to <see cref="Map"/> and 404 to the rest.</summary>
    public LocalHttpServer()
        : this(null)
    {
    }

    /// <summary>A server that gives every request to <paramref name="handler"/>, with a token that fires when the server stops.</summary>
    public LocalHttpServer(Func<HttpListenerContext, CancellationToken, Task>? handler)
    {
        _handler = handler;
        Port = AzuriteServer.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

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

    /// <summary>Answers with a status, a UTF-8 body and headers, and closes the response.</summary>
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
            catch (Exception ex) when (_stopping.IsCancellationRequested || ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _inFlight.Add(Task.Run(() => HandleAsync(context)));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var path = context.Request.Url?.AbsolutePath ?? "/";
        lock (_requests)
        {
            _requests.Add(new RecordedRequest(path, context.Request.Url?.Query ?? "", context.Request.Headers.AllKeys.OfType<string>().ToDictionary(k => k, k => context.Request.Headers[k] ?? "", StringComparer.OrdinalIgnoreCase)));
        }

        Func<HttpListenerContext, Task>? route;
        lock (_routes)
        {
            _routes.TryGetValue(path, out route);
        }

        try
        {
            if (route is not null)
            {
                await route(context);
            }
            else if (_handler is not null)
            {
                await _handler(context, _stopping.Token);
            }
            else
            {
                context.Response.StatusCode = 404;
            }
        }
        catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The client went away (timed out, or a capped or refused download): nothing to answer.
        }

        try
        {
            context.Response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // Already closed by the handler or the client.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (ObjectDisposedException)
        {
            // Closed under the loop.
        }

        try
        {
            await Task.WhenAll(_inFlight).WaitAsync(InFlightGrace);
        }
        catch (TimeoutException)
        {
            // A handler that ignores stopping (a deliberately slow answer) is left to finish on its own.
        }

        _stopping.Dispose();
    }
}

public sealed record RecordedRequest(string Path, string Query, IReadOnlyDictionary<string, string> Headers);
