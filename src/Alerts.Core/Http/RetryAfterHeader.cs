using System.Net.Http.Headers;

namespace Alerts.Core.Http;

/// <summary>What a response's Retry-After asks: its seconds, or the time until its date (never negative).</summary>
public static class RetryAfterHeader
{
    public static TimeSpan? Wait(HttpResponseHeaders headers, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (headers.RetryAfter is not { } retryAfter)
        {
            return null;
        }

        if (retryAfter.Delta is { } delta)
        {
            return delta;
        }

        return retryAfter.Date is { } date ? (date > now ? date - now : TimeSpan.Zero) : null;
    }
}
