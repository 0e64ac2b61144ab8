using System.ComponentModel.DataAnnotations;

namespace Alerts.Core.Configuration;

/// <summary>Product-wide settings (section <c>Alerts</c>).</summary>
public sealed class AlertsOptions
{
    public const string Section = "Alerts";

    /// <summary>Where the HTTP functions are reachable; links in emails point here.</summary>
    [Required]
    [Url]
    public string PublicBaseUrl { get; set; } = "http://localhost:7071";

    /// <summary>Folder for .eml/.html files when no SendGrid key is set (local runs).</summary>
    public string? OutboxPath { get; set; }
}
