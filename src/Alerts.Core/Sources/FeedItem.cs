namespace Alerts.Core.Sources;

/// <summary>One item a source yields; <see cref="Text"/> is plain text (HTML already stripped).</summary>
public sealed record FeedItem(
    string Id,
    string? Title,
    string? Link,
    DateTimeOffset? Published,
    string Text,
    string? Author = null);
