using System.Net;
using System.Net.Http.Headers;
using Alerts.Core.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace Alerts.Core.Email;

/// <summary>
/// The retries around SendGrid Mail Send, as a resilience handler (Polly) on the <c>sendgrid</c> HTTP client:
/// 429, 5xx and an unreachable server are retried, up to <see cref="SendGridOptions.MaxAttempts"/> attempts in
/// all, waiting what X-RateLimit-Reset or Retry-After asks (else a jittered exponential backoff from 0.5 s), never
/// longer than <see cref="SendGridOptions.MaxRetryDelaySeconds"/>: an answer asking for longer is handed back at
/// once, so the queue retries later. Each attempt has its own timeout (<see cref="AttemptTimeout"/>), and a
/// timed-out attempt is not retried, since SendGrid may have accepted it (it has no idempotency key).
/// </summary>
public static class SendGridResilience
{
    public const string ClientName = "sendgrid";

    public static IHttpClientBuilder AddSendGridHttpClient(this IServiceCollection services)
    {
        var builder = services.AddHttpClient(ClientName);
        builder.AddResilienceHandler("sendgrid-retries", (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<SendGridOptions>>().Value;
            if (options.MaxAttempts <= 1)
            {
                return;
            }

            var time = context.ServiceProvider.GetRequiredService<TimeProvider>();
            var logger = context.ServiceProvider.GetRequiredService<ILogger<SendGridEmailSender>>();
            var cap = TimeSpan.FromSeconds(options.MaxRetryDelaySeconds);
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxAttempts - 1,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, time, cap)),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(Delay(args.AttemptNumber, args.Outcome.Result is { } r ? RetryAfter(r.Headers, time) : null, cap)),
                OnRetry = args =>
                {
                    logger.LogSendGridRetrying(
                        args.Outcome.Result is { } r ? (int)r.StatusCode : null, args.RetryDelay, args.AttemptNumber + 1, options.MaxAttempts);
                    return ValueTask.CompletedTask;
                },
            });
        });

        // Inside the retries, so each attempt gets the whole timeout (the client's own timeout is off).
        builder.AddHttpMessageHandler(sp => AttemptTimeoutFor(sp.GetRequiredService<IOptions<SendGridOptions>>().Value.TimeoutSeconds));
        return builder;
    }

    /// <summary>What SendGrid asks to wait: X-RateLimit-Reset (a Unix time), else Retry-After (seconds or a date).</summary>
    public static TimeSpan? RetryAfter(HttpResponseHeaders headers, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(time);
        if (headers.TryGetValues("X-RateLimit-Reset", out var resets)
            && long.TryParse(resets.FirstOrDefault(), out var reset))
        {
            var wait = DateTimeOffset.FromUnixTimeSeconds(reset) - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return RetryAfterHeader.Wait(headers, time.GetUtcNow());
    }

    public static bool IsRetryable(HttpStatusCode status) => status == HttpStatusCode.TooManyRequests || (int)status >= 500;

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, TimeProvider time, TimeSpan cap) => outcome switch
    {
        // A timed-out attempt may have sent: the queue decides, after reconciliation has had its chance.
        { Exception: TimeoutException or OperationCanceledException } => false,
        { Exception: HttpRequestException } => true,
        { Result: { } response } => IsRetryable(response.StatusCode) && !(RetryAfter(response.Headers, time) > cap),
        _ => false,
    };

    private static TimeSpan Delay(int attemptNumber, TimeSpan? retryAfter, TimeSpan cap)
    {
        var jitter = TimeSpan.FromMilliseconds(Random.Shared.Next(0, 250));
        var delay = retryAfter ?? TimeSpan.FromMilliseconds(500 * Math.Pow(2, attemptNumber));
        return (delay > cap ? cap : delay) + jitter;
    }

    private static AttemptTimeout AttemptTimeoutFor(int seconds) =>
        new(TimeSpan.FromSeconds(seconds), FormattableString.Invariant($"SendGrid did not answer within {seconds} s."));
}
