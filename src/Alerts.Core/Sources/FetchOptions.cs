using System.ComponentModel.DataAnnotations;

namespace Alerts.Core.Sources;

/// <summary>Limits on every server-side fetch (section <c>Fetch</c>).</summary>
public sealed class FetchOptions
{
    public const string Section = "Fetch";

    /// <summary>Only for local testing against 127.0.0.1; never in Azure.</summary>
    public bool AllowPrivateAddresses { get; set; }

    [Range(1, 120)]
    public int TimeoutSeconds { get; set; } = 20;

    [Range(1024, 100_000_000)]
    public long MaxResponseBytes { get; set; } = 10_000_000;

    [Range(0, 10)]
    public int MaxRedirects { get; set; } = 5;

    [Required]
    public string UserAgent { get; set; } = "AlertsBot/1.0 (+https://github.com/alerts; statement monitoring)";
}
