using System.ComponentModel.DataAnnotations;

namespace Alerts.Core.Sources;

/// <summary>Limits on every server-side fetch (section <c>Fetch</c>).</summary>
public sealed class FetchOptions
{
    public const string Section = "Fetch";

    /// <summary>Only for local testing against 127.0.0.1; never in Azure.</summary>
    public bool AllowPrivateAddresses { get; set; }

    /// <summary>One attempt's time to the response headers (and the connect timeout).</summary>
    [Range(1, 120)]
    public int TimeoutSeconds { get; set; } = 20;

    /// <summary>
    /// One fetch in all: its attempts, the waits between them, the body and the parse. Below the HTTP client's own
    /// 100 s timeout, so this budget is the one that ends a fetch.
    /// </summary>
    [Range(1, 90)]
    public int TotalTimeoutSeconds { get; set; } = 60;

    /// <summary>Attempts per fetch for a timeout, an unreachable server, 408, 429 and 5xx (1: no retries).</summary>
    [Range(1, 5)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>
    /// The longest Retry-After waited inside a poll; a server asking for longer is not retried now, and the
    /// source is backed off until then instead (<see cref="SourceSchedule.Backoff"/>).
    /// </summary>
    [Range(0, 60)]
    public int MaxRetryDelaySeconds { get; set; } = 10;

    [Range(1024, 100_000_000)]
    public long MaxResponseBytes { get; set; } = 10_000_000;

    [Range(0, 10)]
    public int MaxRedirects { get; set; } = 5;

    [Required]
    public string UserAgent { get; set; } = "AlertsBot/1.0 (+https://github.com/alerts; statement monitoring)";
}
