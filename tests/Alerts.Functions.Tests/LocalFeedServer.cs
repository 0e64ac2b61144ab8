using System.Net;
using Alerts.Local.Storage;

namespace Alerts.Functions.Tests;

/// <summary>
/// Serves one feed document on 127.0.0.1 and a free port (HttpListener): the Function app reads feeds
/// only over HTTP, so its tests serve the seed feed the way an outlet would.
/// </summary>
internal sealed class LocalFeedServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly byte[] _body;
    private readonly Task _loop;

    public LocalFeedServer(byte[] body)
    {
        _body = body;
        var port = AzuriteServer.FreePort();
        Url = new Uri($"http://127.0.0.1:{port}/feed.xml");
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public Uri Url { get; }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
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

            context.Response.ContentType = "application/rss+xml";
            context.Response.ContentLength64 = _body.Length;
            await context.Response.OutputStream.WriteAsync(_body);
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
