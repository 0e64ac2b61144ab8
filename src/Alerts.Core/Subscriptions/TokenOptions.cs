using System.ComponentModel.DataAnnotations;

namespace Alerts.Core.Subscriptions;

/// <summary>Signing of confirm, preferences and unsubscribe links (section <c>Tokens</c>).</summary>
public sealed class TokenOptions
{
    public const string Section = "Tokens";

    /// <summary>HMAC key; at least 32 characters. From Key Vault in Azure.</summary>
    [Required]
    [MinLength(32)]
    public string SigningKey { get; set; } = "";
}
