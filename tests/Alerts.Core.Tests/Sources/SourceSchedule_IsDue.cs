using Alerts.Core.Sources;

namespace Alerts.Core.Tests.Sources;

public sealed class SourceSchedule_IsDue
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static SourceRecord Source(string id, TimeSpan interval, SourceCheckpoint? checkpoint = null, bool enabled = true) =>
        new(new SourceDefinition(id, id, SourceKind.Feed, "https://example.org/feed", interval, enabled), checkpoint ?? SourceCheckpoint.Empty, []);

    [Fact]
    public void ANeverPolledSourceIsDueAtOnce()
    {
        Assert.True(SourceSchedule.IsDue(Source("a", TimeSpan.FromHours(1)), Now.AddMinutes(-5), Now));
    }

    [Fact]
    public void ADisabledSourceIsNeverDue()
    {
        Assert.False(SourceSchedule.IsDue(Source("a", TimeSpan.FromMinutes(5), enabled: false), Now.AddMinutes(-5), Now));
    }

    [Fact]
    public void ASourceInBackoffWaitsUntilItsNextPoll()
    {
        var backingOff = new SourceCheckpoint(LastPolledAt: Now.AddHours(-1), NextPollAt: Now.AddMinutes(10), ConsecutiveFailures: 2);

        Assert.False(SourceSchedule.IsDue(Source("a", TimeSpan.FromMinutes(5), backingOff), Now.AddMinutes(-5), Now));
        Assert.True(SourceSchedule.IsDue(Source("a", TimeSpan.FromMinutes(5), backingOff), Now.AddMinutes(6), Now.AddMinutes(11)));
    }

    [Fact]
    public void AnHourlySourceIsPolledInExactlyOneOfTwelveFiveMinuteTicks()
    {
        var polled = new SourceCheckpoint(LastPolledAt: Now.AddDays(-1));
        var ticks = Enumerable.Range(1, 12).Select(i => Now.AddMinutes(5 * i)).ToList();

        foreach (var id in new[] { "alpha", "beta", "gamma", "delta" })
        {
            var due = ticks.Count(t => SourceSchedule.IsDue(Source(id, TimeSpan.FromHours(1), polled), t.AddMinutes(-5), t));
            Assert.Equal(1, due);
        }
    }

    [Fact]
    public void ALateTickCatchesUpOnTheSourcesItsWindowCovers()
    {
        var polled = new SourceCheckpoint(LastPolledAt: Now.AddDays(-1));

        Assert.True(SourceSchedule.IsDue(Source("alpha", TimeSpan.FromHours(1), polled), Now.AddHours(-2), Now));
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(3, 20)]
    [InlineData(20, 360)]
    public void BackoffDoublesWithEachFailureUpToSixHours(int failures, int expectedMinutes)
    {
        Assert.Equal(TimeSpan.FromMinutes(expectedMinutes), SourceSchedule.Backoff(TimeSpan.FromMinutes(5), failures, null));
    }

    [Fact]
    public void ALongerRetryAfterFromTheServerWins()
    {
        Assert.Equal(TimeSpan.FromMinutes(30), SourceSchedule.Backoff(TimeSpan.FromMinutes(5), 1, TimeSpan.FromMinutes(30)));
    }
}
