using MimeKit;

namespace Alerts.Core.Email;

/// <summary>
/// Writes each email as a <c>.eml</c> (open it in any mail client) and an <c>.html</c> (open it in a
/// browser) instead of sending: the local stand-in for SendGrid. One file pair per (statement, subscriber),
/// so a redelivery overwrites rather than duplicates.
/// </summary>
public sealed class OutboxEmailSender(string folder, SendGridOptions from) : IEmailSender
{
    public string Folder { get; } = Path.GetFullPath(folder);

    public async Task<EmailSendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        var mime = new MimeMessage();
        mime.From.Add(new MailboxAddress(from.FromName, from.FromEmail));
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.Subject = message.Subject;
        foreach (var (header, value) in message.Headers)
        {
            mime.Headers.Add(header, value);
        }

        mime.Body = new BodyBuilder { HtmlBody = message.Html, TextBody = message.Text }.ToMessageBody();
        var name = FileName(message);
        await mime.WriteToAsync(Path.Combine(Folder, name + ".eml"), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(Folder, name + ".html"), message.Html, cancellationToken);
        return new EmailSendResult(EmailSendStatus.Sent, "outbox:" + name);
    }

    public static string FileName(EmailMessage message)
    {
        var statement = message.CustomArgs.TryGetValue("statement_id", out var s) ? s : "statement";
        var subscription = message.CustomArgs.TryGetValue("subscription_id", out var u) ? u : "subscriber";
        return $"{statement}_{subscription}";
    }
}
