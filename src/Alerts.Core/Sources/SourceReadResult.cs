namespace Alerts.Core.Sources;

public enum SourceReadStatus
{
    Ok,
    NotModified,
    Failed,
}

/// <summary>The outcome of reading a source once. A failure carries a one-line reason, never an exception.</summary>
public sealed record SourceReadResult(
    SourceReadStatus Status,
    IReadOnlyList<FeedItem> Items,
    string? ETag = null,
    string? LastModified = null,
    string? SinceId = null,
    string? Error = null,
    TimeSpan? RetryAfter = null)
{
    public static SourceReadResult NotModified(string? etag, string? lastModified) =>
        new(SourceReadStatus.NotModified, [], etag, lastModified);

    public static SourceReadResult Failed(string error, TimeSpan? retryAfter = null) =>
        new(SourceReadStatus.Failed, [], Error: error, RetryAfter: retryAfter);
}
