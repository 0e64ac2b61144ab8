using System.Net;
using Alerts.Core.Sources;
using Microsoft.Extensions.Time.Testing;

namespace Alerts.Core.Tests.Sources;

/// <summary>What a server asks a fetch to wait, in each form the sources send it.</summary>
public sealed class SourceFetchResilience_ServerWait
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));

    private static HttpResponseMessage Answer(string header, string value)
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation(header, value);
        return response;
    }

    [Theory]
    [InlineData("Retry-After", "7", 7)]
    [InlineData("Retry-After", "Mon, 30 Nov 2026 12:01:00 GMT", 60)]
    [InlineData("X-RateLimit-Reset", "1796040120", 120)] // SendGrid: a Unix time
    [InlineData("x-rate-limit-reset", "1796040120", 120)] // X: a Unix time, under its own name
    [InlineData("X-RateLimit-Reset", "2026-11-30T12:05:00Z", 300)] // Mastodon: ISO 8601
    [InlineData("RateLimit-Reset", "1796040030", 30)] // Bluesky: a Unix time
    [InlineData("RateLimit-Reset", "45", 45)] // the IETF draft: seconds to wait
    [InlineData("Retry-After", "Mon, 30 Nov 2026 11:00:00 GMT", 0)] // a date gone by: ask again now
    public void ReadsTheWaitFromEachFormSourcesSend(string header, string value, int seconds)
    {
        using var response = Answer(header, value);

        Assert.Equal(TimeSpan.FromSeconds(seconds), SourceFetchResilience.ServerWait(response, Clock));
    }

    [Fact]
    public void IsNullWhenTheServerSaysNothing()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);

        Assert.Null(SourceFetchResilience.ServerWait(response, Clock));
    }

    [Theory]
    [InlineData(HttpStatusCode.RequestTimeout, true)]
    [InlineData(HttpStatusCode.TooManyRequests, true)]
    [InlineData(HttpStatusCode.InternalServerError, true)]
    [InlineData(HttpStatusCode.ServiceUnavailable, true)]
    [InlineData(HttpStatusCode.NotFound, false)]
    [InlineData(HttpStatusCode.Forbidden, false)]
    [InlineData(HttpStatusCode.NotModified, false)]
    public void RetriesOnlyTimeoutsRateLimitsAndServerErrors(HttpStatusCode status, bool transient) =>
        Assert.Equal(transient, SourceFetchResilience.IsTransient(status));
}
