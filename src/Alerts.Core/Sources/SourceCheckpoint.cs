namespace Alerts.Core.Sources;

/// <summary>What a source remembers between polls: validators, cursor, schedule and failures.</summary>
public sealed record SourceCheckpoint(
    string? ETag = null,
    string? LastModified = null,
    string? SinceId = null,
    DateTimeOffset? LastPolledAt = null,
    DateTimeOffset? NextPollAt = null,
    int ConsecutiveFailures = 0,
    long TotalFailures = 0,
    string? LastError = null,
    DateTimeOffset? LastErrorAt = null)
{
    public static SourceCheckpoint Empty { get; } = new();
}
