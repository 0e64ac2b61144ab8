namespace Alerts.Core.Sources;

/// <summary>
/// One item a source yields; <see cref="Text"/> is plain text (HTML already stripped).
/// <see cref="AuthorXUserId"/> is set for posts read from an X account: they are that account's own words.
/// </summary>
public sealed record FeedItem(
    string Id,
    string? Title,
    string? Link,
    DateTimeOffset? Published,
    string Text,
    string? Author = null,
    string? AuthorXUserId = null);
