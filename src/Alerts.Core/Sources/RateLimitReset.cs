using System.Globalization;

namespace Alerts.Core.Sources;

/// <summary>
/// The reset time that rate-limited APIs send, whatever the spelling: a Unix time (X's <c>x-rate-limit-reset</c>,
/// Bluesky's <c>RateLimit-Reset</c>), an ISO 8601 time (Mastodon's <c>X-RateLimit-Reset</c>), or a small number of
/// seconds to wait (the IETF RateLimit draft). One parser, so every reader and the fetch retries agree.
/// </summary>
public static class RateLimitReset
{
    /// <summary>The instant the limit resets, or null when the value is missing or unreadable.</summary>
    public static DateTimeOffset? Parse(string? value, DateTimeOffset now)
    {
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            // Below a billion it cannot be a Unix time of this century: the draft's seconds-to-wait.
            return number < 1_000_000_000 ? now + TimeSpan.FromSeconds(number) : DateTimeOffset.FromUnixTimeSeconds(number);
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
    }

    /// <summary>How long until <paramref name="reset"/>; null when none was given or it has already passed.</summary>
    public static TimeSpan? Wait(DateTimeOffset? reset, DateTimeOffset now) =>
        reset is { } at && at > now ? at - now : null;
}
