using System.Globalization;
using System.Net;
using Alerts.Core.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace Alerts.Core.Sources;

/// <summary>
/// The retries around source fetches (feeds, the social and page readers, the X API), as a resilience handler
/// (Polly) on their HTTP clients: a timed-out attempt, an unreachable server, 408, 429 and 5xx are retried, up to
/// <see cref="FetchOptions.MaxAttempts"/> attempts in all, waiting what the server asks (Retry-After, else a
/// rate-limit reset header) or else a jittered exponential backoff from 0.5 s. An answer that asks for longer than
/// <see cref="FetchOptions.MaxRetryDelaySeconds"/> is handed back at once: the reader reports it and the poller's
/// per-source backoff (<see cref="SourceSchedule.Backoff"/>) waits instead of the poll. Other 4xx, 304 and the
/// address guard's refusals are never retried. The readers keep the whole fetch (retries, body and parse) inside
/// <see cref="FetchOptions.TotalTimeoutSeconds"/>.
/// </summary>
public static class SourceFetchResilience
{
    /// <summary>Mastodon and SendGrid, X (its own spelling), Bluesky.</summary>
    private static readonly string[] ResetHeaders = ["X-RateLimit-Reset", "x-rate-limit-reset", "RateLimit-Reset"];

    /// <summary>Adds the retries and, inside them, the per-attempt timeout to a source-fetching client.</summary>
    public static IHttpClientBuilder AddSourceFetchResilience(this IHttpClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddResilienceHandler("source-fetch-retries", (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<FetchOptions>>().Value;
            if (options.MaxAttempts <= 1)
            {
                return;
            }

            var time = context.ServiceProvider.GetRequiredService<TimeProvider>();
            var logger = context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SourceFetchResilience));
            var cap = TimeSpan.FromSeconds(options.MaxRetryDelaySeconds);
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxAttempts - 1,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, time, cap)),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(Delay(args.AttemptNumber, args.Outcome.Result is { } r ? ServerWait(r, time) : null)),
                OnRetry = args =>
                {
                    logger.FetchRetrying(
                        args.Context.GetRequestMessage()?.RequestUri?.Host ?? "source",
                        args.Outcome.Result is { } r ? ((int)r.StatusCode).ToString(CultureInfo.InvariantCulture) : args.Outcome.Exception?.GetType().Name ?? "failure",
                        args.RetryDelay,
                        args.AttemptNumber + 2,
                        options.MaxAttempts);
                    return ValueTask.CompletedTask;
                },
            });
        });

        // Inside the retries, so each attempt gets the whole per-attempt timeout (the client's own timeout is
        // the readers' total budget).
        builder.AddHttpMessageHandler(sp => AttemptTimeoutFor(sp.GetRequiredService<IOptions<FetchOptions>>().Value.TimeoutSeconds));
        return builder;
    }

    /// <summary>Worth another attempt: a server error, a rate limit or a timeout, unless the server asks for longer than the cap.</summary>
    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>
    /// How long a server asks to wait: Retry-After (seconds or a date), else X-RateLimit-Reset, x-rate-limit-reset or RateLimit-Reset
    /// (a Unix time, an ISO 8601 time as Mastodon sends, or a small number of seconds as the IETF draft has it).
    /// </summary>
    public static TimeSpan? ServerWait(HttpResponseMessage response, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(time);
        var now = time.GetUtcNow();
        if (response.Headers.RetryAfter is not null)
        {
            return RetryAfterHeader.Wait(response.Headers, now);
        }

        foreach (var name in ResetHeaders)
        {
            if (response.Headers.TryGetValues(name, out var values) && ParseReset(values.FirstOrDefault(), now) is { } wait)
            {
                return wait;
            }
        }

        return null;
    }

    private static TimeSpan? ParseReset(string? value, DateTimeOffset now) =>
        RateLimitReset.Parse(value, now) is { } at ? NotNegative(at - now) : null;

    private static TimeSpan NotNegative(TimeSpan wait) => wait > TimeSpan.Zero ? wait : TimeSpan.Zero;

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, TimeProvider time, TimeSpan cap) => outcome switch
    {
        { Exception: TimeoutException } => true,

        // The address guard's refusal will not change by asking again.
        { Exception: HttpRequestException ex } => !AddressRefusedException.IsIn(ex),
        { Result: { } response } => IsTransient(response.StatusCode) && !(ServerWait(response, time) > cap),
        _ => false,
    };

    private static TimeSpan Delay(int attemptNumber, TimeSpan? serverWait)
    {
        // The server said when: no jitter on top. Else spread the retries of many sources over time.
        return serverWait ?? TimeSpan.FromMilliseconds((500 * Math.Pow(2, attemptNumber)) + Random.Shared.Next(0, 250));
    }

    private static AttemptTimeout AttemptTimeoutFor(int seconds) =>
        new(TimeSpan.FromSeconds(seconds), FormattableString.Invariant($"timed out after {seconds} s"));
}
