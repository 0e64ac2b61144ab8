using System.Net;
using System.Text;
using Alerts.Core.Delivery;
using Alerts.Core.Statements;
using Alerts.Core.Subscriptions;
using Alerts.Core.Threats;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Web.Tests;

/// <summary>The subscriber endpoints as a mailbox provider or a script sees them: plain HTTP, no cookies, no browser.</summary>
public sealed class SubscriptionEndpoints_Http(SubscriptionPagesHost host) : IClassFixture<SubscriptionPagesHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Client() => new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(host.BaseUrl) };

    private async Task<Subscription> ActiveAsync(string email)
    {
        var subscription = new Subscription(SubscriptionStore.IdFor(email), email, [], ThreatLevel.Low, [], DeliveryMode.Immediate, SubscriptionStatus.Active, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow) { Version = 3 };
        await host.Services.GetRequiredService<SubscriptionStore>().UpsertAsync(subscription, Ct);
        return subscription;
    }

    [Fact]
    public async Task HonoursTheRfc8058OneClickPostIdempotentlyWithoutCookiesOrAuth()
    {
        var subscription = await ActiveAsync($"oneclick-{Guid.NewGuid():N}@example.org");
        var statement = new StoredStatement("st-oneclick", "khawaja-asif", "Khawaja Muhammad Asif", "A \"crushing\" response.", null, null, [], null, DateTimeOffset.UtcNow,
            new ThreatAnalysis(true, 70, ThreatLevel.High, ["military_force"], [], "t", "en"), "c");
        var email = host.Services.GetRequiredService<AlertEmailRenderer>().Render(statement, subscription);
        var url = new Uri(email.Headers["List-Unsubscribe"].Trim('<', '>'));
        using var client = Client();

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 2; i++)
        {
            using var content = new StringContent("List-Unsubscribe=One-Click", Encoding.ASCII, "application/x-www-form-urlencoded");
            using var response = await client.PostAsync(url.PathAndQuery, content, Ct);
            answers.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK], answers);
        Assert.Equal(SubscriptionStatus.Unsubscribed, (await host.Services.GetRequiredService<SubscriptionStore>().GetAsync(subscription.Id, Ct))?.Status);
    }

    [Fact]
    public async Task GoesFromSubscribeToConfirmToAlertToOneClickUnsubscribeOverHttp()
    {
        using var client = Client();
        var email = $"journey-{Guid.NewGuid():N}@example.org";
        var deliverer = host.Services.GetRequiredService<AlertDeliverer>();
        var statements = host.Services.GetRequiredService<StatementStore>();
        StoredStatement NewStatement() => new("st-" + Guid.NewGuid().ToString("N"), "khawaja-asif", "Khawaja Muhammad Asif", "A \"crushing\" response.", null, null, [], null,
            DateTimeOffset.UtcNow, new ThreatAnalysis(true, 70, ThreatLevel.High, ["military_force"], [], "t", "en"), "c");
        int Alerts() => host.Emails.Sent.Count(m => m.To == email && m.Headers.ContainsKey("List-Unsubscribe"));

        using var form = new FormUrlEncodedContent([new("email", email), new("officials", "khawaja-asif"), new("minimumLevel", "medium")]);
        using var subscribed = await client.PostAsync("/api/subscribe", form, Ct);
        using var confirmPage = await client.GetAsync(host.Emails.LinkTo(email, "confirm"), Ct);
        var early = NewStatement();
        await statements.TryAddAsync(early, Ct);
        var id = (await host.Services.GetRequiredService<SubscriptionStore>().FindByEmailAsync(email, Ct))!.Id;
        var beforeConfirm = await deliverer.DeliverAsync(new DeliveryRequest(early.Id, id, "c"), "m0", Ct);
        using var confirmed = await client.PostAsync(host.Emails.LinkTo(email, "confirm"), null, Ct);

        var alert = NewStatement();
        await statements.TryAddAsync(alert, Ct);
        var sent = await deliverer.DeliverAsync(new DeliveryRequest(alert.Id, id, "c"), "m1", Ct);
        var unsubscribeUrl = new Uri(host.Emails.Sent.Last(m => m.To == email).Headers["List-Unsubscribe"].Trim('<', '>'));
        using var oneClick = await client.PostAsync(unsubscribeUrl.PathAndQuery, new StringContent("List-Unsubscribe=One-Click", Encoding.ASCII, "application/x-www-form-urlencoded"), Ct);
        var late = NewStatement();
        await statements.TryAddAsync(late, Ct);
        var afterUnsubscribe = await deliverer.DeliverAsync(new DeliveryRequest(late.Id, id, "c"), "m2", Ct);

        Assert.Equal(HttpStatusCode.OK, subscribed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, confirmPage.StatusCode);
        Assert.Equal(DeliveryOutcomeKind.Skipped, beforeConfirm.Kind);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal(DeliveryOutcomeKind.Sent, sent.Kind);
        Assert.Equal(HttpStatusCode.OK, oneClick.StatusCode);
        Assert.Equal(DeliveryOutcomeKind.Skipped, afterUnsubscribe.Kind);
        Assert.Equal(1, Alerts());
    }

    [Fact]
    public async Task DoesNotUnsubscribeOnAGetSoLinkScannersCannotUnsubscribeAnyone()
    {
        var subscription = await ActiveAsync($"scanner-{Guid.NewGuid():N}@example.org");
        var token = host.Services.GetRequiredService<SubscriptionService>().LinkToken(SubscriptionTokens.Unsubscribe, subscription);
        using var client = Client();

        using var page = await client.GetAsync("/api/unsubscribe?token=" + Uri.EscapeDataString(token), Ct);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<form method=\"post\"", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(SubscriptionStatus.Active, (await host.Services.GetRequiredService<SubscriptionStore>().GetAsync(subscription.Id, Ct))?.Status);
    }

    [Fact]
    public async Task RefusesAForgedUnsubscribeTokenWith400()
    {
        using var client = Client();
        using var content = new StringContent("List-Unsubscribe=One-Click", Encoding.ASCII, "application/x-www-form-urlencoded");
        using var response = await client.PostAsync("/api/unsubscribe?token=unsubscribe.sub-x.1.9999999999.forged", content, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task AnswersSubscribeIdenticallyWhetherTheAddressIsNewActiveOrUnsubscribed()
    {
        var active = await ActiveAsync($"known-{Guid.NewGuid():N}@example.org");
        var gone = await ActiveAsync($"gone-{Guid.NewGuid():N}@example.org");
        await host.Services.GetRequiredService<SubscriptionStore>().UpsertAsync(gone with { Status = SubscriptionStatus.Unsubscribed }, Ct);
        using var client = Client();

        var answers = new List<(HttpStatusCode, string)>();
        foreach (var email in new[] { $"new-{Guid.NewGuid():N}@example.org", active.Email, gone.Email })
        {
            using var json = new StringContent($$"""{"email":"{{email}}","officials":["all"],"minimumLevel":"high","mode":"digest"}""", Encoding.UTF8, "application/json");
            using var response = await client.PostAsync("/api/subscribe", json, Ct);
            answers.Add((response.StatusCode, await response.Content.ReadAsStringAsync(Ct)));
            using var form = new FormUrlEncodedContent([new("email", email), new("officials", "all")]);
            using var page = await client.PostAsync("/api/subscribe", form, Ct);
            answers.Add((page.StatusCode, await page.Content.ReadAsStringAsync(Ct)));
        }

        Assert.Equal(HttpStatusCode.Accepted, answers[0].Item1);
        Assert.Equal(answers[0], answers[2]);
        Assert.Equal(answers[0], answers[4]);
        Assert.Equal(HttpStatusCode.OK, answers[1].Item1);
        Assert.Equal(answers[1], answers[3]);
        Assert.Equal(answers[1], answers[5]);
    }

    [Fact]
    public async Task RefusesBadInputWithFieldErrorsAndOversizedOrUnknownBodies()
    {
        using var client = Client();
        using var bad = new StringContent("""{"email":"x@y","officials":["nobody"],"minimumLevel":"extreme","categories":["gossip"],"mode":"hourly"}""", Encoding.UTF8, "application/json");
        using var huge = new StringContent("email=" + new string('a', 20_000), Encoding.ASCII, "application/x-www-form-urlencoded");
        using var xml = new StringContent("<email>a@example.org</email>", Encoding.UTF8, "application/xml");
        using var broken = new StringContent("{\"email\":", Encoding.UTF8, "application/json");

        using var badResponse = await client.PostAsync("/api/subscribe", bad, Ct);
        using var hugeResponse = await client.PostAsync("/api/subscribe", huge, Ct);
        using var xmlResponse = await client.PostAsync("/api/subscribe", xml, Ct);
        using var brokenResponse = await client.PostAsync("/api/subscribe", broken, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, badResponse.StatusCode);
        var errors = await badResponse.Content.ReadAsStringAsync(Ct);
        foreach (var field in new[] { "email", "officials", "minimumLevel", "categories", "mode" })
        {
            Assert.Contains($"\"{field}\"", errors, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, hugeResponse.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, xmlResponse.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, brokenResponse.StatusCode);
    }

    [Fact]
    public async Task ServesPagesWithHeadersThatStopFramingSniffingCachingAndReferrerLeaks()
    {
        using var client = Client();
        using var response = await client.GetAsync("/api/subscribe", Ct);

        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.True(response.Headers.CacheControl?.NoStore);
    }
}
