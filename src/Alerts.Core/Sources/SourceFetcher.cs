using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace Alerts.Core.Sources;

/// <summary>One HTTP answer, read whole within the size cap, with the headers a reader needs.</summary>
public sealed record FetchedResponse(int Status, Uri FinalUri, string? MediaType, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public bool IsSuccess => Status is >= 200 and < 300;
}

/// <summary>
/// The one GET every social and page reader goes through: the shared guarded client (the SSRF check at
/// connect time on every hop, the redirect limit, the retries of <see cref="SourceFetchResilience"/>), a time
/// budget per fetch, and the size cap counted after decompression, both on Content-Length and while reading. It
/// never throws for a bad answer: a transport failure comes back as a one-line reason.
/// </summary>
public sealed class SourceFetcher(HttpClient client, IOptions<FetchOptions> options)
{
    public FetchOptions Limits => options.Value;

    public async Task<(FetchedResponse? Response, string? Error)> GetAsync(Uri uri, string accept, SourceCheckpoint? conditional, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var settings = options.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.TotalTimeoutSeconds));
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.UserAgent.ParseAdd(settings.UserAgent);
        request.Headers.Accept.ParseAdd(accept);
        if (conditional?.ETag is { } etag && EntityTagHeaderValue.TryParse(etag, out var tag))
        {
            request.Headers.IfNoneMatch.Add(tag);
        }

        if (conditional?.LastModified is { } lastModified && DateTimeOffset.TryParse(lastModified, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var since))
        {
            request.Headers.IfModifiedSince = since;
        }

        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                headers[name] = string.Join(", ", values);
            }

            var final = response.RequestMessage?.RequestUri ?? uri;
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if ((int)response.StatusCode is >= 300 and < 400 && response.StatusCode != HttpStatusCode.NotModified)
            {
                return (null, $"too many redirects (more than {settings.MaxRedirects}) or a redirect without a usable location (HTTP {(int)response.StatusCode})");
            }

            if (response.Content.Headers.ContentLength > settings.MaxResponseBytes)
            {
                return (null, $"response of {response.Content.Headers.ContentLength} bytes exceeds the cap of {settings.MaxResponseBytes}");
            }

            await using var body = new CappedStream(await response.Content.ReadAsStreamAsync(timeout.Token), settings.MaxResponseBytes);
            using var buffer = new MemoryStream();
            await body.CopyToAsync(buffer, timeout.Token);
            return (new FetchedResponse((int)response.StatusCode, final, mediaType, headers, buffer.ToArray()), null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"timed out after {settings.TotalTimeoutSeconds} s");
        }
        catch (TimeoutException ex)
        {
            return (null, HttpFeedReader.AttemptsTimedOut(ex, settings));
        }
        catch (HttpRequestException ex)
        {
            return (null, ex.InnerException is { } inner ? $"{ex.Message} ({inner.Message})" : ex.Message);
        }
        catch (InvalidDataException ex)
        {
            return (null, ex.Message);
        }
        catch (IOException ex)
        {
            return (null, $"read failed: {ex.Message}");
        }
    }

    /// <summary>How long a 429 or 503 asks the client to wait (Retry-After as seconds or as a date).</summary>
    public static TimeSpan? RetryAfter(FetchedResponse response, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(response);
        var value = response.Header("Retry-After");
        if (value is null)
        {
            return null;
        }

        if (int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at) && at > now ? at - now : null;
    }
}
