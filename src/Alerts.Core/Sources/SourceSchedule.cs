namespace Alerts.Core.Sources;

/// <summary>
/// Decides which sources a timer tick polls without writing anything: each source has a fixed phase in
/// its interval (from its id, so load spreads), and is due when that instant fell inside the tick's window.
/// Failures push <see cref="SourceCheckpoint.NextPollAt"/> out (backoff).
/// </summary>
public static class SourceSchedule
{
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(6);

    public static bool IsDue(SourceRecord source, DateTimeOffset windowStart, DateTimeOffset now)
    {
        if (!source.Definition.Enabled)
        {
            return false;
        }

        var checkpoint = source.Checkpoint;
        if (checkpoint.NextPollAt is { } next)
        {
            return next <= now;
        }

        if (checkpoint.LastPolledAt is null)
        {
            return true;
        }

        var interval = source.Definition.PollInterval.Ticks;
        var window = (now - windowStart).Ticks;
        if (window >= interval)
        {
            return true;
        }

        var phase = (long)(StableHash(source.Definition.Id) % (ulong)interval);
        var sinceSlot = ((now.UtcTicks - phase) % interval + interval) % interval;
        return sinceSlot < window;
    }

    /// <summary>Exponential backoff from the poll interval, capped; a server's Retry-After wins when longer.</summary>
    public static TimeSpan Backoff(TimeSpan interval, int consecutiveFailures, TimeSpan? retryAfter)
    {
        var factor = Math.Pow(2, Math.Min(consecutiveFailures - 1, 10));
        var backoff = TimeSpan.FromTicks((long)Math.Min(interval.Ticks * factor, MaxBackoff.Ticks));
        return retryAfter is { } server && server > backoff ? (server < MaxBackoff ? server : MaxBackoff) : backoff;
    }

    private static ulong StableHash(string value)
    {
        // FNV-1a: string.GetHashCode is randomised per process and would move every phase at each start.
        var hash = 14695981039346656037UL;
        foreach (var c in value)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }
}
