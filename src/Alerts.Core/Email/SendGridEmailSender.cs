using System.Net;
using Microsoft.Extensions.Logging;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace Alerts.Core.Email;

/// <summary>
/// Sends through SendGrid v3 Mail Send. 429 and 5xx are retried in process (honouring X-RateLimit-Reset or
/// Retry-After, else jittered exponential backoff) and then reported as retryable, so the queue tries later;
/// other 4xx are permanent. A timeout is not retried in process, since it may have sent.
/// </summary>
public sealed class SendGridEmailSender(ISendGridClient client, SendGridOptions options, TimeProvider time, ILogger<SendGridEmailSender> logger) : IEmailSender
{
    public async Task<EmailSendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var mail = MailHelper.CreateSingleEmail(new EmailAddress(options.FromEmail, options.FromName), new EmailAddress(message.To), message.Subject, message.Text, message.Html);
        foreach (var (name, value) in message.Headers)
        {
            mail.AddHeader(name, value);
        }

        foreach (var (name, value) in message.CustomArgs)
        {
            mail.AddCustomArg(name, value);
        }

        // Links carry signed tokens: no click-tracking redirects in front of them, no tracking pixel.
        mail.SetClickTracking(false, false);
        mail.SetOpenTracking(false);

        EmailSendResult result = new(EmailSendStatus.Retryable, Error: "not attempted");
        for (var attempt = 1; attempt <= options.MaxAttempts; attempt++)
        {
            Response response;
            try
            {
                response = await client.SendEmailAsync(mail, cancellationToken);
            }
            catch (HttpRequestException ex)
            {
                result = new EmailSendResult(EmailSendStatus.Retryable, Error: $"SendGrid unreachable: {ex.Message}");
                await DelayAsync(attempt, null, cancellationToken);
                continue;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // A timed-out request may still have been accepted, and SendGrid has no idempotency key:
                // no quick retry here. The ledger claim stays (custom_args carry its key for reconciliation)
                // and the queue redelivers later.
                logger.LogWarning("SendGrid timed out on attempt {Attempt}; leaving the retry to the queue", attempt);
                return new EmailSendResult(EmailSendStatus.Retryable, Error: "SendGrid timed out");
            }

            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                var id = response.Headers.TryGetValues("X-Message-Id", out var ids) ? ids.FirstOrDefault() : null;
                return new EmailSendResult(EmailSendStatus.Sent, id);
            }

            var body = await response.Body.ReadAsStringAsync(cancellationToken);
            var reason = $"SendGrid {status}: {Truncate(body, 500)}";
            if (response.StatusCode != HttpStatusCode.TooManyRequests && status < 500)
            {
                return new EmailSendResult(EmailSendStatus.Permanent, Error: reason);
            }

            var retryAfter = RetryAfter(response);
            result = new EmailSendResult(EmailSendStatus.Retryable, Error: reason, RetryAfter: retryAfter);
            logger.LogWarning("SendGrid answered {Status} (retry after {RetryAfter}); attempt {Attempt} of {MaxAttempts}", status, retryAfter, attempt, options.MaxAttempts);
            if (attempt == options.MaxAttempts || retryAfter > TimeSpan.FromSeconds(options.MaxRetryDelaySeconds))
            {
                break;
            }

            await DelayAsync(attempt, retryAfter, cancellationToken);
        }

        return result;
    }

    private TimeSpan? RetryAfter(Response response)
    {
        if (response.Headers.TryGetValues("X-RateLimit-Reset", out var resets)
            && long.TryParse(resets.FirstOrDefault(), out var reset))
        {
            var wait = DateTimeOffset.FromUnixTimeSeconds(reset) - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return response.Headers.RetryAfter?.Delta
            ?? (response.Headers.RetryAfter?.Date is { } date ? date - time.GetUtcNow() : null);
    }

    private Task DelayAsync(int attempt, TimeSpan? retryAfter, CancellationToken cancellationToken)
    {
        var jitter = TimeSpan.FromMilliseconds(Random.Shared.Next(0, 250));
        var delay = retryAfter ?? TimeSpan.FromMilliseconds(500 * Math.Pow(2, attempt - 1));
        var cap = TimeSpan.FromSeconds(options.MaxRetryDelaySeconds);
        return Task.Delay((delay > cap ? cap : delay) + jitter, time, cancellationToken);
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
