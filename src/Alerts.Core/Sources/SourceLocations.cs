namespace Alerts.Core.Sources;

/// <summary>What a source's location must look like for its kind; the admin (CLI and HTTP) refuses anything else before storing it.</summary>
public static class SourceLocations
{
    /// <summary>Why the location does not fit the kind, or null when it does.</summary>
    public static string? Problem(SourceKind kind, string? location, string? selector = null)
    {
        if (string.IsNullOrWhiteSpace(location) || location.Length > 2_000)
        {
            return "location is required (at most 2,000 characters)";
        }

        if (selector is not null && (kind != SourceKind.Page || selector.Length > 500))
        {
            return kind != SourceKind.Page ? "a selector is only for page sources" : "selector: at most 500 characters";
        }

        return kind switch
        {
            SourceKind.Feed or SourceKind.Page => Uri.TryCreate(location, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? null : $"not an http(s) URL: {location}",
            SourceKind.Telegram => TelegramChannelReader.Resolve(location, "https://t.me").Error,
            SourceKind.Bluesky => BlueskyReader.Actor(location) is null ? $"not a Bluesky handle, DID or bsky.app/profile URL: {location}" : null,
            SourceKind.Mastodon => MastodonReader.Parse(location).Root is null ? $"not a Mastodon account (https://HOST/@USER, USER@HOST or https://HOST/api/v1/accounts/ID): {location}" : null,
            SourceKind.XUser => location.Length is > 0 and <= 19 && location.All(char.IsAsciiDigit) ? null : $"not an X user id (1-19 digits): {location}",
            SourceKind.File => null,
            _ => $"unknown kind {kind}",
        };
    }
}
