using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Alerts.Core.Subscriptions;

/// <summary>
/// Signed, expiring link tokens: <c>purpose.subscriptionId.expiryUnix.signature</c> with HMAC-SHA256.
/// The token lives in the URL because one-click unsubscribe POSTs come with no cookies and no auth.
/// </summary>
public sealed class SubscriptionTokens(IOptions<TokenOptions> options, TimeProvider time)
{
    public string Create(string purpose, string subscriptionId, TimeSpan lifetime)
    {
        var expiry = time.GetUtcNow().Add(lifetime).ToUnixTimeSeconds();
        var payload = $"{purpose}.{subscriptionId}.{expiry}";
        return payload + "." + Sign(payload);
    }

    /// <summary>Returns the subscription id when the token is genuine, for this purpose, and unexpired.</summary>
    public string? Validate(string purpose, string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 512)
        {
            return null;
        }

        var parts = token.Split('.');
        if (parts.Length != 4 || parts[0] != purpose || !long.TryParse(parts[2], out var expiry))
        {
            return null;
        }

        var expected = Encoding.ASCII.GetBytes(Sign($"{parts[0]}.{parts[1]}.{parts[2]}"));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(parts[3])))
        {
            return null;
        }

        return time.GetUtcNow().ToUnixTimeSeconds() <= expiry ? parts[1] : null;
    }

    private string Sign(string payload)
    {
        var key = Encoding.UTF8.GetBytes(options.Value.SigningKey);
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(payload));
        return Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
