using System.Net;
using Alerts.Core.Archive;
using Alerts.Core.Subscriptions;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Web.Tests;

/// <summary>The archive, timeline and feedback endpoints over plain HTTP: every bad link gets the same invalid-link page.</summary>
public sealed class ArchiveEndpoints_Http(SubscriptionPagesHost host) : IClassFixture<SubscriptionPagesHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Client() => new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(host.BaseUrl) };

    private async Task<(HttpStatusCode Status, string Body)> GetAsync(string path)
    {
        using var client = Client();
        using var response = await client.GetAsync(path, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    private async Task AssertInvalidAsync(string path)
    {
        var (status, body) = await GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("This link does not work", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnswersForgedWrongPurposeUnsubscribedAndEarlierGenerationLinksAsInvalid()
    {
        var scenario = await ArchiveScenario.CreateAsync(host, Ct);
        var links = host.Services.GetRequiredService<SubscriberLinks>();
        var archive = Uri.EscapeDataString(links.Token(SubscriberLinks.Archive, scenario.Subscription));
        var feedback = Uri.EscapeDataString(links.Token(SubscriberLinks.Feedback, scenario.Subscription));
        var preferences = Uri.EscapeDataString(host.Services.GetRequiredService<SubscriptionService>().LinkToken(SubscriptionTokens.Preferences, scenario.Subscription));

        Assert.Equal(HttpStatusCode.OK, (await GetAsync($"/api/alerts?token={archive}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync($"/api/timeline?token={archive}&official={scenario.OfficialId}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync($"/api/feedback?token={feedback}&statement={scenario.Strike.Id}&verdict=useful")).Status);

        await AssertInvalidAsync("/api/alerts");
        await AssertInvalidAsync($"/api/alerts?token={archive}x");
        await AssertInvalidAsync($"/api/alerts?token={preferences}");
        await AssertInvalidAsync($"/api/alerts?token={feedback}");
        await AssertInvalidAsync($"/api/timeline?token={archive}&official=nobody");
        await AssertInvalidAsync($"/api/feedback?token={archive}&statement={scenario.Strike.Id}&verdict=useful");
        await AssertInvalidAsync($"/api/feedback?token={feedback}&statement={scenario.Strike.Id}&verdict=delete-everything");
        await AssertInvalidAsync($"/api/feedback?token={feedback}&statement=st-never-sent-to-them&verdict=useful");

        var store = host.Services.GetRequiredService<SubscriptionStore>();
        await store.UpsertAsync(scenario.Subscription with { Version = scenario.Subscription.Version + 1 }, Ct);
        await AssertInvalidAsync($"/api/alerts?token={archive}");
        await store.UpsertAsync(scenario.Subscription with { Status = SubscriptionStatus.Unsubscribed }, Ct);
        await AssertInvalidAsync($"/api/alerts?token={archive}");
        await AssertInvalidAsync($"/api/timeline?token={archive}&official={scenario.OfficialId}");
        await AssertInvalidAsync($"/api/feedback?token={feedback}&statement={scenario.Strike.Id}&verdict=useful");
        await store.DeleteAsync(scenario.Subscription.Id, Ct);
        await AssertInvalidAsync($"/api/alerts?token={archive}");
    }

    [Fact]
    public async Task PagesCarryTheStrictHeadersAndNoScript()
    {
        var scenario = await ArchiveScenario.CreateAsync(host, Ct);
        var token = Uri.EscapeDataString(host.Services.GetRequiredService<SubscriberLinks>().Token(SubscriberLinks.Archive, scenario.Subscription));
        using var client = Client();
        foreach (var path in new[] { $"/api/alerts?token={token}", $"/api/timeline?token={token}&official={scenario.OfficialId}" })
        {
            using var response = await client.GetAsync(path, Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.DoesNotContain("<script", body, StringComparison.OrdinalIgnoreCase);
        }
    }
}
