using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Alerts.Core.Sources;

/// <summary>
/// Fetches RSS/Atom over HTTP(S) politely and safely: conditional GET, a timeout, a size cap counted
/// after decompression, a redirect limit, and the address of every connection (each redirect hop too)
/// checked at connect time.
/// </summary>
public sealed class HttpFeedReader(HttpClient client, FeedParser parser, IOptions<FetchOptions> options, TimeProvider? time = null) : ISourceReader
{
    public const string HttpClientName = "feeds";

    public SourceKind Kind => SourceKind.Feed;

    /// <param name="options">The fetch limits.</param>
    /// <param name="isAllowed">
    /// Which resolved address a connection may use; by default public addresses only (or any, when
    /// <see cref="FetchOptions.AllowPrivateAddresses"/> is set for local testing). Tests pass their own.
    /// No proxy is used: a proxy would connect on our behalf, after the check.
    /// </param>
    /// <param name="isAllowedPort">
    /// Which port a connection may use; by default 80 and 443 only (or any, when private addresses are
    /// allowed: local tests use random ports on 127.0.0.1).
    /// </param>
    public static SocketsHttpHandler CreateHandler(FetchOptions options, Func<DnsEndPoint, IPAddress, bool>? isAllowed = null, Func<int, bool>? isAllowedPort = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        isAllowed ??= (_, address) => options.AllowPrivateAddresses || AddressGuard.IsPublic(address);
        isAllowedPort ??= port => options.AllowPrivateAddresses || AddressGuard.IsAllowedPort(port);
        return new SocketsHttpHandler
        {
            AllowAutoRedirect = options.MaxRedirects > 0,
            MaxAutomaticRedirections = Math.Max(1, options.MaxRedirects),
            AutomaticDecompression = DecompressionMethods.All,
            UseProxy = false,
            ConnectTimeout = TimeSpan.FromSeconds(options.TimeoutSeconds),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ResponseDrainTimeout = TimeSpan.FromSeconds(1),
            ConnectCallback = async (context, cancellationToken) =>
            {
                // Checked here, after DNS and for every connection, so a redirect hop or a DNS answer
                // that changes between check and use (rebinding) cannot reach an internal address.
                var endpoint = context.DnsEndPoint;
                var addresses = IPAddress.TryParse(endpoint.Host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(endpoint.Host, cancellationToken);
                var allowed = addresses.Where(a => isAllowed(endpoint, a)).ToArray();
                if (allowed.Length == 0)
                {
                    throw new AddressRefusedException($"refused to connect to {endpoint.Host}:{endpoint.Port}: {string.Join(", ", addresses.Select(a => a.ToString()))} is not a public address (loopback, private, link-local, CGNAT, NAT64, 6to4, Teredo and other special ranges are never fetched)");
                }

                if (!isAllowedPort(endpoint.Port))
                {
                    throw new AddressRefusedException($"refused to connect to {endpoint.Host}:{endpoint.Port}: only ports 80 and 443 are fetched");
                }

                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(allowed, endpoint.Port, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
    }

    public async Task<SourceReadResult> ReadAsync(SourceDefinition source, SourceCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(source.Location, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return SourceReadResult.Failed($"not an http(s) URL: {source.Location}");
        }

        var settings = options.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.TotalTimeoutSeconds));
        using var request = ConditionalGet(uri, checkpoint, settings);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (Refusal(response, checkpoint, settings) is { } refused)
            {
                return refused;
            }

            using var body = await ReadCappedAsync(response, settings.MaxResponseBytes, timeout.Token);
            if (body is null)
            {
                return SourceReadResult.Failed($"response exceeds the cap of {settings.MaxResponseBytes} bytes (counted after decompression)");
            }

            // The final URL after redirects is the base for relative links. The parse runs under the same
            // timeout as the fetch: a body read in time must not buy a hostile document unlimited CPU.
            var items = parser.ParseWithin(body.GetBuffer().AsSpan(0, (int)body.Length), response.RequestMessage?.RequestUri ?? uri, timeout.Token);
            return new SourceReadResult(SourceReadStatus.Ok, items, response.Headers.ETag?.ToString(), response.Content.Headers.LastModified?.ToString("R"));
        }
        catch (Exception ex) when (FailureReason(ex, settings, cancellationToken) is { } reason)
        {
            return SourceReadResult.Failed(reason);
        }
    }

    /// <summary>A GET for the feed formats, conditional on the validators the checkpoint holds.</summary>
    private static HttpRequestMessage ConditionalGet(Uri uri, SourceCheckpoint checkpoint, FetchOptions settings)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.UserAgent.ParseAdd(settings.UserAgent);
        request.Headers.Accept.ParseAdd("application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.8");
        if (checkpoint.ETag is { } etag && EntityTagHeaderValue.TryParse(etag, out var tag))
        {
            request.Headers.IfNoneMatch.Add(tag);
        }

        if (checkpoint.LastModified is { } lastModified && DateTimeOffset.TryParse(lastModified, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var since))
        {
            request.Headers.IfModifiedSince = since;
        }

        return request;
    }

    /// <summary>The read an answer without a feed to parse means (not modified, a redirect left over, an error, too big); null for a body to read.</summary>
    private SourceReadResult? Refusal(HttpResponseMessage response, SourceCheckpoint checkpoint, FetchOptions settings)
    {
        if (response.StatusCode == HttpStatusCode.NotModified)
        {
            return SourceReadResult.NotModified(checkpoint.ETag, checkpoint.LastModified);
        }

        if ((int)response.StatusCode is >= 300 and < 400)
        {
            return SourceReadResult.Failed($"too many redirects (more than {settings.MaxRedirects}) or a redirect without a usable location (HTTP {(int)response.StatusCode})");
        }

        if (!response.IsSuccessStatusCode)
        {
            // After the client's retries: what the server asks to wait, when longer than a poll waits, backs the source off.
            return SourceReadResult.Failed($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}", SourceFetchResilience.ServerWait(response, time ?? TimeProvider.System));
        }

        if (response.Content.Headers.ContentLength > settings.MaxResponseBytes)
        {
            return SourceReadResult.Failed($"response of {response.Content.Headers.ContentLength} bytes exceeds the cap of {settings.MaxResponseBytes}");
        }

        return null;
    }

    /// <summary>The body, or null when it runs past the cap (counted after decompression).</summary>
    private static async Task<MemoryStream?> ReadCappedAsync(HttpResponseMessage response, long cap, CancellationToken cancellationToken)
    {
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new MemoryStream();
        if (await CopyCappedAsync(body, buffer, cap, cancellationToken))
        {
            return buffer;
        }

        await buffer.DisposeAsync();
        return null;
    }

    /// <summary>The one-line reason a failed fetch or parse is reported with; null for an exception that is not the source's fault.</summary>
    private static string? FailureReason(Exception exception, FetchOptions settings, CancellationToken cancellationToken) => exception switch
    {
        OperationCanceledException when !cancellationToken.IsCancellationRequested => $"timed out after {settings.TotalTimeoutSeconds} s",
        TimeoutException timedOut => AttemptsTimedOut(timedOut, settings),
        HttpRequestException ex => ex.InnerException is { } inner ? $"{ex.Message} ({inner.Message})" : ex.Message,
        FeedFormatException ex => ex.Message,
        IOException ex => $"read failed: {ex.Message}",
        InvalidDataException ex => $"invalid compressed body: {ex.Message}",
        _ => null,
    };

    /// <summary>Every attempt timed out (the resilience handler's last answer).</summary>
    internal static string AttemptsTimedOut(TimeoutException ex, FetchOptions settings) =>
        settings.MaxAttempts > 1 ? $"{ex.Message} ({settings.MaxAttempts} attempts)" : ex.Message;

    private static async Task<bool> CopyCappedAsync(Stream source, Stream destination, long cap, CancellationToken cancellationToken)
    {
        var chunk = new byte[81_920];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(chunk, cancellationToken)) > 0)
        {
            total += read;
            if (total > cap)
            {
                return false;
            }

            await destination.WriteAsync(chunk.AsMemory(0, read), cancellationToken);
        }

        return true;
    }
}
