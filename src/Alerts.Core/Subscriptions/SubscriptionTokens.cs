using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Alerts.Core.Subscriptions;

/// <summary>What a genuine, unexpired token says: which subscription, and which generation of it.</summary>
public sealed record SubscriptionToken(string Purpose, string SubscriptionId, int Version, DateTimeOffset ExpiresAt);

/// <summary>
/// Signed, expiring link tokens: <c>purpose.subscriptionId.version.expiryUnix.signature</c> with HMAC-SHA256
/// over everything before the signature. The token lives in the URL because one-click unsubscribe POSTs
/// come with no cookies and no auth. The version is the subscription's generation: an address that leaves
/// and subscribes again gets a new one, so a link from an old email cannot change the new subscription.
/// </summary>
public sealed class SubscriptionTokens(IOptions<TokenOptions> options, TimeProvider time)
{
    public const string Confirm = "confirm";
    public const string Preferences = "preferences";
    public const string Unsubscribe = "unsubscribe";

    public const int MaxLength = 512;

    public string Create(string purpose, string subscriptionId, TimeSpan lifetime) => Create(purpose, subscriptionId, 0, lifetime);

    public string Create(string purpose, Subscription subscription, TimeSpan lifetime) =>
        Create(purpose, subscription.Id, subscription.Version, lifetime);

    public string Create(string purpose, string subscriptionId, int version, TimeSpan lifetime)
    {
        if (purpose.Contains('.', StringComparison.Ordinal) || subscriptionId.Contains('.', StringComparison.Ordinal))
        {
            throw new ArgumentException("Token parts cannot contain '.'.", nameof(purpose));
        }

        var expiry = time.GetUtcNow().Add(lifetime).ToUnixTimeSeconds();
        var payload = string.Create(CultureInfo.InvariantCulture, $"{purpose}.{subscriptionId}.{version}.{expiry}");
        return payload + "." + Sign(payload);
    }

    /// <summary>Returns the subscription id when the token is genuine, for this purpose, and unexpired.</summary>
    public string? Validate(string purpose, string? token) => Read(purpose, token)?.SubscriptionId;

    /// <summary>The token's claims when it is genuine, for this purpose, and unexpired; otherwise null.</summary>
    public SubscriptionToken? Read(string purpose, string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxLength)
        {
            return null;
        }

        var parts = token.Split('.');
        if (parts.Length != 5
            || parts[0] != purpose
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            || !long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var expiry))
        {
            return null;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(string.Join('.', parts, 0, 4)));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(parts[4])))
        {
            return null;
        }

        if (time.GetUtcNow().ToUnixTimeSeconds() > expiry)
        {
            return null;
        }

        return new SubscriptionToken(parts[0], parts[1], version, DateTimeOffset.FromUnixTimeSeconds(expiry));
    }

    private string Sign(string payload)
    {
        var key = Encoding.UTF8.GetBytes(options.Value.SigningKey);
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(payload));
        return Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
