using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Alerts.Core.Email;

public enum EmailActivityStatus
{
    /// <summary>The email service has a message carrying these custom args: it was accepted for sending.</summary>
    Found,

    /// <summary>The email service answered and has no such message.</summary>
    NotFound,

    /// <summary>The record could not be read (no activity access, an error, or no email service in use).</summary>
    Unavailable,
}

public sealed record EmailActivityResult(EmailActivityStatus Status, string? MessageId = null, string? Detail = null);

/// <summary>Looks up whether the email for one ledger row went out, by the custom args every send carries.</summary>
public interface IEmailActivity
{
    Task<EmailActivityResult> FindAsync(string statementId, string subscriptionId, CancellationToken cancellationToken);
}

/// <summary>
/// SendGrid's Email Activity Feed API (<c>GET /v3/messages?query=...</c>, an add-on the API key must be
/// allowed to read): finds messages whose custom args (<c>unique_args</c>) carry the ledger key. Any answer
/// other than 200 with a message list is <see cref="EmailActivityStatus.Unavailable"/>, never "not sent".
/// </summary>
public sealed class SendGridEmailActivity(HttpClient http, IOptions<SendGridOptions> options) : IEmailActivity
{
    public async Task<EmailActivityResult> FindAsync(string statementId, string subscriptionId, CancellationToken cancellationToken)
    {
        var sendGrid = options.Value;
        if (string.IsNullOrWhiteSpace(sendGrid.ApiKey))
        {
            return new EmailActivityResult(EmailActivityStatus.Unavailable, Detail: "no SendGrid key: emails went to the outbox folder");
        }

        var query = $"(unique_args['statement_id']=\"{Quote(statementId)}\" AND unique_args['subscription_id']=\"{Quote(subscriptionId)}\")";
        var baseUrl = string.IsNullOrWhiteSpace(sendGrid.BaseUrl) ? "https://api.sendgrid.com" : sendGrid.BaseUrl.TrimEnd('/');
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{baseUrl}/v3/messages?limit=10&query={Uri.EscapeDataString(query)}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", sendGrid.ApiKey);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return new EmailActivityResult(EmailActivityStatus.Unavailable, Detail: $"Email Activity answered {(int)response.StatusCode}");
            }

            using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            if (!document.RootElement.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
            {
                return new EmailActivityResult(EmailActivityStatus.Unavailable, Detail: "Email Activity answered without a message list");
            }

            var first = messages.EnumerateArray().FirstOrDefault();
            return first.ValueKind == JsonValueKind.Object
                ? new EmailActivityResult(EmailActivityStatus.Found, first.TryGetProperty("msg_id", out var id) ? id.GetString() : null, first.TryGetProperty("status", out var status) ? status.GetString() : null)
                : new EmailActivityResult(EmailActivityStatus.NotFound);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new EmailActivityResult(EmailActivityStatus.Unavailable, Detail: $"Email Activity unreachable: {ex.GetType().Name}");
        }
    }

    // Ledger keys are table keys (no quotes in practice); escape anyway so a key can never change the query.
    private static string Quote(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
