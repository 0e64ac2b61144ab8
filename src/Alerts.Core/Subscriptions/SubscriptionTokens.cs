using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Alerts.Core.Subscriptions;

/// <summary>What a genuine, unexpired token says: which subscription, which generation of it, and which link epoch.</summary>
public sealed record SubscriptionToken(string Purpose, string SubscriptionId, int Version, DateTimeOffset ExpiresAt, int Epoch = 0);

/// <summary>
/// Signed, expiring link tokens: <c>purpose.subscriptionId.version.epoch.expiryUnix.keyId.signature</c> with
/// HMAC-SHA256 over everything before the signature, made with the current key and checked with the key the
/// id names (any key still listed, so rotation keeps old links working). The token lives in the URL because
/// one-click unsubscribe POSTs come with no cookies and no auth. The version is the subscription's generation
/// (an address that leaves and subscribes again gets a new one); the epoch is its link epoch, which the
/// preferences page can raise to sign out every earlier preferences link. Tokens from before key ids
/// (<c>purpose.subscriptionId.version.expiryUnix.signature</c>, epoch 0) verify against every listed key.
/// </summary>
public sealed class SubscriptionTokens(IOptions<TokenOptions> options, TimeProvider time)
{
    public const string Confirm = "confirm";
    public const string Preferences = "preferences";
    public const string Unsubscribe = "unsubscribe";

    public const int MaxLength = 512;

    /// <summary>How long the links an email carries (preferences, unsubscribe, archive, feedback) stay valid.</summary>
    public static readonly TimeSpan EmailLinkLifetime = TimeSpan.FromDays(60);

    public string Create(string purpose, string subscriptionId, TimeSpan lifetime) => Create(purpose, subscriptionId, 0, lifetime);

    public string Create(string purpose, Subscription subscription, TimeSpan lifetime) =>
        Create(purpose, subscription.Id, subscription.Version, lifetime, subscription.LinkEpoch);

    public string Create(string purpose, string subscriptionId, int version, TimeSpan lifetime, int epoch = 0)
    {
        if (purpose.Contains('.', StringComparison.Ordinal) || subscriptionId.Contains('.', StringComparison.Ordinal))
        {
            throw new ArgumentException("Token parts cannot contain '.'.", nameof(purpose));
        }

        var key = options.Value.SigningKey;
        var expiry = time.GetUtcNow().Add(lifetime).ToUnixTimeSeconds();
        var payload = string.Create(CultureInfo.InvariantCulture, $"{purpose}.{subscriptionId}.{version}.{epoch}.{expiry}.{TokenOptions.KeyId(key)}");
        return payload + "." + Sign(key, payload);
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
        int version;
        var epoch = 0;
        long expiry;
        IEnumerable<string> candidates;
        if (parts.Length == 7)
        {
            if (!int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out version)
                || !int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out epoch)
                || !long.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out expiry))
            {
                return null;
            }

            candidates = options.Value.VerificationKeys().Where(k => TokenOptions.KeyId(k) == parts[5]);
        }
        else if (parts.Length == 5)
        {
            if (!int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out version)
                || !long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out expiry))
            {
                return null;
            }

            candidates = options.Value.VerificationKeys();
        }
        else
        {
            return null;
        }

        if (parts[0] != purpose)
        {
            return null;
        }

        var payload = string.Join('.', parts, 0, parts.Length - 1);
        var given = Encoding.ASCII.GetBytes(parts[^1]);
        if (!candidates.Any(key => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(key, payload)), given)))
        {
            return null;
        }

        if (time.GetUtcNow().ToUnixTimeSeconds() > expiry)
        {
            return null;
        }

        return new SubscriptionToken(parts[0], parts[1], version, DateTimeOffset.FromUnixTimeSeconds(expiry), epoch);
    }

    private static string Sign(string key, string payload)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(payload));
        return Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
