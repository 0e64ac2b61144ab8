namespace Alerts.Core.Email;

/// <summary>A rendered email, ready for any sender. <see cref="CustomArgs"/> travel to SendGrid for reconciliation.</summary>
public sealed record EmailMessage(
    string To,
    string Subject,
    string Html,
    string Text,
    IReadOnlyDictionary<string, string> Headers,
    IReadOnlyDictionary<string, string> CustomArgs);

public enum EmailSendStatus
{
    Sent,

    /// <summary>Worth trying again later (429, 5xx, timeout).</summary>
    Retryable,

    /// <summary>Will never succeed as is (other 4xx): record and stop.</summary>
    Permanent,
}

public sealed record EmailSendResult(EmailSendStatus Status, string? MessageId = null, string? Error = null, TimeSpan? RetryAfter = null);

public interface IEmailSender
{
    Task<EmailSendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken);
}
