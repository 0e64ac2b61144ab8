using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;

namespace Alerts.Core.Subscriptions;

/// <summary>
/// Signing of confirm, preferences and unsubscribe links (section <c>Tokens</c>). New links are signed with
/// <see cref="SigningKey"/>; links signed with any of <see cref="PreviousKeys"/> still verify, so a key can be
/// rotated without killing the unsubscribe links already in people's inboxes. A key's id is a short
/// fingerprint of it, carried in each token so the verifier knows which key to use.
/// </summary>
public sealed class TokenOptions : IValidatableObject
{
    public const string Section = "Tokens";

    /// <summary>The current HMAC key; at least 32 characters. From Key Vault in Azure.</summary>
    [Required]
    [MinLength(32)]
    public string SigningKey { get; set; } = "";

    /// <summary>
    /// Earlier keys that still verify, separated by commas, semicolons or whitespace (each 32+ characters).
    /// Drop a key once the longest link it signed (60 days) has expired. From Key Vault in Azure.
    /// </summary>
    public string? PreviousKeys { get; set; }

    /// <summary>Every key that verifies, the current one first.</summary>
    public IReadOnlyList<string> VerificationKeys() =>
        [SigningKey, .. (PreviousKeys ?? "").Split([',', ';', ' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>The key id a token carries: 8 hex characters of the key's SHA-256 (not enough to learn anything about the key).</summary>
    public static string KeyId(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..8];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var keys = VerificationKeys();
        if (keys.Skip(1).Any(k => k.Length < 32))
        {
            yield return new ValidationResult("Every key in Tokens__PreviousKeys must be at least 32 characters.", [nameof(PreviousKeys)]);
        }

        if (keys.Select(KeyId).Distinct(StringComparer.Ordinal).Count() != keys.Count)
        {
            yield return new ValidationResult("Tokens__PreviousKeys repeats a key (or the current Tokens__SigningKey).", [nameof(PreviousKeys)]);
        }
    }
}
