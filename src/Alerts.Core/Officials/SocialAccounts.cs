using System.Text.RegularExpressions;
namespace Alerts.Core.Officials;

/// <summary>
/// An official's own accounts, written <c>platform:id</c>: <c>telegram:CHANNEL</c>, <c>bluesky:HANDLE</c> or
/// <c>bluesky:did:plc:…</c>, <c>mastodon:USER@HOST</c> (Truth Social too). Compared without case, because
/// channel names, handles and Mastodon accounts are case-insensitive.
/// </summary>
public static partial class SocialAccounts
{
    public const string Telegram = "telegram";
    public const string Bluesky = "bluesky";
    public const string Mastodon = "mastodon";

    public static IReadOnlyList<string> Platforms { get; } = [Telegram, Bluesky, Mastodon];

    public static string Key(string platform, string id) => $"{platform}:{id.Trim().TrimStart('@')}".ToLowerInvariant();

    /// <summary>True when an item by these author accounts (a feed item's <c>AuthorAccounts</c>) was read from one of the official's own accounts.</summary>
    public static bool Owns(Official official, IReadOnlyList<string>? authorAccounts)
    {
        ArgumentNullException.ThrowIfNull(official);
        if (official.Accounts is not { Count: > 0 } accounts || authorAccounts is not { Count: > 0 } authors)
        {
            return false;
        }

        return authors.Any(a => accounts.Any(o => string.Equals(Normalize(o), a, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>Why an account is not in the <c>platform:id</c> form, or null when it is.</summary>
    public static string? Problem(string account)
    {
        ArgumentNullException.ThrowIfNull(account);
        var colon = account.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return $"account '{account}' must be platform:id (telegram:CHANNEL, bluesky:HANDLE or DID, mastodon:USER@HOST)";
        }

        var platform = account[..colon].Trim().ToLowerInvariant();
        var id = account[(colon + 1)..].Trim().TrimStart('@');
        return platform switch
        {
            Telegram => TelegramName().IsMatch(id) ? null : $"'{id}' is not a Telegram channel name (5-32 letters, digits and _)",
            Bluesky => IsBlueskyActor(id) ? null : $"'{id}' is not a Bluesky handle or DID",
            Mastodon => MastodonAccount().IsMatch(id) ? null : $"'{id}' is not a Mastodon account (USER@HOST)",
            _ => $"unknown platform '{platform}' (telegram, bluesky or mastodon)",
        };
    }

    public static string Normalize(string account)
    {
        ArgumentNullException.ThrowIfNull(account);
        var colon = account.IndexOf(':', StringComparison.Ordinal);
        return colon <= 0 ? account.Trim().ToLowerInvariant() : Key(account[..colon].Trim(), account[(colon + 1)..]);
    }

    public static IReadOnlyList<string> NormalizeAll(IEnumerable<string> accounts) =>
        accounts.Where(a => !string.IsNullOrWhiteSpace(a)).Select(Normalize).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>A Bluesky handle (a domain name) or DID.</summary>
    public static bool IsBlueskyActor(string value) => value is not null && (BlueskyHandle().IsMatch(value) || BlueskyDid().IsMatch(value));

    [GeneratedRegex(@"^([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex BlueskyHandle();

    [GeneratedRegex(@"^did:[a-z]+:[a-zA-Z0-9._:%-]*[a-zA-Z0-9._-]$", RegexOptions.CultureInvariant)]
    private static partial Regex BlueskyDid();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{3,31}$", RegexOptions.CultureInvariant)]
    internal static partial Regex TelegramName();

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]{1,64}@[A-Za-z0-9.\-]{1,253}$", RegexOptions.CultureInvariant)]
    private static partial Regex MastodonAccount();
}
