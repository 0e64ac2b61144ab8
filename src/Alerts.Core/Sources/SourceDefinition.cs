namespace Alerts.Core.Sources;

public enum SourceKind
{
    /// <summary>RSS 0.9x/1.0/2.0 or Atom over HTTP(S).</summary>
    Feed,

    /// <summary>A feed document on the local disk (the seeds, tests).</summary>
    File,

    /// <summary>An X (Twitter) user's posts through API v2.</summary>
    XUser,

    /// <summary>A public Telegram channel through its web preview (<c>https://t.me/s/CHANNEL</c>).</summary>
    Telegram,

    /// <summary>A Bluesky account through the public AppView (<c>app.bsky.feed.getAuthorFeed</c>), its profile RSS as fallback.</summary>
    Bluesky,

    /// <summary>An account on a Mastodon-compatible server (Mastodon, Truth Social), its account RSS as fallback.</summary>
    Mastodon,

    /// <summary>A press-release listing page without a feed: its new links are read as articles.</summary>
    Page,
}

/// <summary>
/// A place statements come from. <see cref="Location"/> is a URL, a file path, an X user id, a Telegram
/// channel, a Bluesky handle or DID, or a Mastodon account URL. <see cref="Selector"/> is the optional CSS
/// selector of a <see cref="SourceKind.Page"/> source's press-release links.
/// </summary>
public sealed record SourceDefinition(
    string Id,
    string Name,
    SourceKind Kind,
    string Location,
    TimeSpan PollInterval,
    bool Enabled = true,
    string? Selector = null);
