using Alerts.Core.Sources;

namespace Alerts.Core.Tests.Sources;

/// <summary>One reading of a rate limit's reset for every reader (X, Bluesky, Mastodon) and the fetch retries.</summary>
public sealed class RateLimitReset_Parse
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("1796040120", 120)] // X and Bluesky: a Unix time
    [InlineData("2026-11-30T12:05:00Z", 300)] // Mastodon: ISO 8601
    [InlineData("2026-11-30T12:00:30.212100Z", 30.2121)] // Mastodon, with the microseconds it sends
    [InlineData("45", 45)] // the IETF draft: seconds to wait
    public void ReadsEachSpellingAsTheInstantTheLimitResets(string value, double seconds)
    {
        Assert.Equal(Now + TimeSpan.FromSeconds(seconds), RateLimitReset.Parse(value, Now));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("-5")]
    public void IsNullForAMissingOrUnreadableValue(string? value)
    {
        Assert.Null(RateLimitReset.Parse(value, Now));
    }

    [Fact]
    public void WaitsUntilAResetAheadAndNotForOneGoneBy()
    {
        Assert.Equal(TimeSpan.FromMinutes(2), RateLimitReset.Wait(Now.AddMinutes(2), Now));
        Assert.Null(RateLimitReset.Wait(Now.AddMinutes(-2), Now));
        Assert.Null(RateLimitReset.Wait(null, Now));
    }
}
