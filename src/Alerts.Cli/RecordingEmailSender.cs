using System.Collections.Concurrent;
using Alerts.Core.Delivery;
using Alerts.Core.Email;

namespace Alerts.Cli;

/// <summary>Passes every email to the real sender and remembers the ones that went out, for the CLI's summary.</summary>
internal sealed class RecordingEmailSender(IEmailSender inner) : IEmailSender
{
    private readonly ConcurrentQueue<EmailMessage> _sent = new();

    public IReadOnlyCollection<EmailMessage> Sent => _sent;

    public async Task<EmailSendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var result = await inner.SendAsync(message, cancellationToken);
        if (result.Status == EmailSendStatus.Sent)
        {
            _sent.Enqueue(message);
        }

        return result;
    }
}
