using System.ComponentModel.DataAnnotations;

namespace Alerts.Core.Email;

/// <summary>Section <c>SendGrid</c>. Without an API key, emails go to the outbox folder instead.</summary>
public sealed class SendGridOptions
{
    public const string Section = "SendGrid";

    public string? ApiKey { get; set; }

    [Required]
    [EmailAddress]
    public string FromEmail { get; set; } = "alerts@example.com";

    [Required]
    public string FromName { get; set; } = "Alerts";

    /// <summary>Override for tests against a local fake; SendGrid's own host otherwise.</summary>
    public string? BaseUrl { get; set; }

    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Longest in-process wait for a Retry-After; longer waits go back to the queue.</summary>
    [Range(0, 300)]
    public int MaxRetryDelaySeconds { get; set; } = 30;

    /// <summary>How long one Mail Send call may take before it counts as timed out.</summary>
    [Range(1, 300)]
    public int TimeoutSeconds { get; set; } = 30;
}
