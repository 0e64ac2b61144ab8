using System.Collections.Concurrent;
using Alerts.Core.Delivery;
using Alerts.Core.Email;
using Xunit;

namespace Alerts.Testing;

/// <summary>
/// Records every email that went out. With an inner sender (the outbox, SendGrid) it passes each email on and
/// records the ones sent (the outbox overwrites a repeated (statement, subscriber) file, so counting files would
/// hide a duplicate); without one it keeps every email instead of sending it. Hooks run before and after the send.
/// </summary>
public sealed class RecordingEmailSender(IEmailSender? inner = null) : IEmailSender
{
    private readonly ConcurrentQueue<EmailMessage> _sent = new();
    private int _calls;

    public Func<int, EmailMessage, Task>? BeforeSend { get; set; }

    public Func<int, EmailMessage, Task>? AfterSend { get; set; }

    public IReadOnlyList<EmailMessage> Sent => [.. _sent];

    public int Calls => Volatile.Read(ref _calls);

    public async Task<EmailSendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var call = Interlocked.Increment(ref _calls);
        if (BeforeSend is { } before)
        {
            await before(call, message);
        }

        var result = inner is null
            ? new EmailSendResult(EmailSendStatus.Sent, "captured-" + call)
            : await inner.SendAsync(message, cancellationToken);
        if (result.Status == EmailSendStatus.Sent)
        {
            _sent.Enqueue(message);
        }

        if (AfterSend is { } after)
        {
            await after(call, message);
        }

        return result;
    }

    /// <summary>The path and query of the first <c>/api/{path}</c> link in the latest email to this address.</summary>
    public string LinkTo(string email, string path)
    {
        var message = _sent.Last(m => m.To == email);
        var start = message.Text.IndexOf("/api/" + path + "?token=", StringComparison.Ordinal);
        Assert.True(start >= 0, $"No /api/{path} link in the email to {email}");
        var end = message.Text.IndexOfAny([' ', '\n', '\r'], start);
        return message.Text[start..(end < 0 ? message.Text.Length : end)];
    }
}
