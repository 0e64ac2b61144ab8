using Alerts.Core.Sources;

namespace Alerts.Core.Tests.Sources;

public sealed class SourceSchedule_Backoff
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(3, 20)]
    [InlineData(10, 360)]
    public void DoublesThePollIntervalPerFailureUpToSixHours(int failures, int minutes)
    {
        Assert.Equal(TimeSpan.FromMinutes(minutes), SourceSchedule.Backoff(Interval, failures, retryAfter: null));
    }

    [Fact]
    public void WaitsForARateLimitResetThatIsLongerThanTheBackoff()
    {
        Assert.Equal(TimeSpan.FromMinutes(14), SourceSchedule.Backoff(Interval, 1, TimeSpan.FromMinutes(14)));
    }

    [Fact]
    public void KeepsItsOwnBackoffWhenTheServerAsksForLess()
    {
        Assert.Equal(TimeSpan.FromMinutes(20), SourceSchedule.Backoff(Interval, 3, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void PollsASourceInBackoffOnlyOnceItsNextPollTimeHasCome()
    {
        var now = new DateTimeOffset(2025, 10, 29, 16, 0, 0, TimeSpan.Zero);
        var record = new SourceRecord(
            new SourceDefinition("s", "s", SourceKind.Feed, "https://a.example.org/rss", Interval),
            SourceCheckpoint.Empty with { LastPolledAt = now.AddHours(-1), NextPollAt = now.AddMinutes(3), ConsecutiveFailures = 2 },
            []);

        Assert.False(SourceSchedule.IsDue(record, now.AddMinutes(-5), now));
        Assert.True(SourceSchedule.IsDue(record, now, now.AddMinutes(3)));
    }
}
