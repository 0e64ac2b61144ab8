using Microsoft.Extensions.Logging;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace Alerts.Core.Email;

/// <summary>
/// Sends through SendGrid v3 Mail Send. 429 and 5xx are retried in process by the HTTP client's resilience
/// handler (<see cref="SendGridResilience"/>: X-RateLimit-Reset or Retry-After honoured, else jittered
/// exponential backoff) and then reported as retryable, so the queue tries later; other 4xx are permanent.
/// A timeout is not retried in process, since it may have sent.
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

        // The in-process retries (429, 5xx, unreachable; Retry-After honoured) run in the HTTP client's
        // resilience handler (SendGridResilience); this is the answer after them.
        Response response;
        try
        {
            response = await client.SendEmailAsync(mail, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            return new EmailSendResult(EmailSendStatus.Retryable, Error: $"SendGrid unreachable: {ex.Message}");
        }
        catch (Exception ex) when (ex is TimeoutException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // A timed-out request may still have been accepted, and SendGrid has no idempotency key:
            // no quick retry here. The ledger claim stays (custom_args carry its key for reconciliation)
            // and the queue redelivers later.
            logger.LogSendGridTimedOut();
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
        if (!SendGridResilience.IsRetryable(response.StatusCode))
        {
            return new EmailSendResult(EmailSendStatus.Permanent, Error: reason);
        }

        var retryAfter = SendGridResilience.RetryAfter(response.Headers, time);
        logger.LogSendGridRetriesSpent(status, retryAfter, options.MaxAttempts);
        return new EmailSendResult(EmailSendStatus.Retryable, Error: reason, RetryAfter: retryAfter);
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
