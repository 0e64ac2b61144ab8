using Alerts.Core.Officials;

namespace Alerts.Core.Sources;

/// <summary>
/// One item a source yields; <see cref="Text"/> is plain text (HTML already stripped).
/// <see cref="AuthorXUserId"/> is set for posts read from an X account: they are that account's own words.
/// <see cref="AuthorAccounts"/> does the same for the other platforms (<c>telegram:NAME</c>, <c>bluesky:DID</c>,
/// <c>bluesky:HANDLE</c>, <c>mastodon:USER@HOST</c>, see <see cref="SocialAccounts"/>); <see cref="Language"/>
/// is the language the platform states for the post (Bluesky <c>langs</c>, Mastodon <c>language</c>), if any.
/// </summary>
public sealed record FeedItem(
    string Id,
    string? Title,
    string? Link,
    DateTimeOffset? Published,
    string Text,
    string? Author = null,
    string? AuthorXUserId = null,
    IReadOnlyList<string>? AuthorAccounts = null,
    string? Language = null);
