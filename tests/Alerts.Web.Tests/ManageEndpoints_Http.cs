using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Alerts.Web.Tests;

/// <summary>
/// The function-key operator endpoints (the key itself is checked by the Functions host, not here):
/// subscribers and officials listed, added, removed; a subscriber's data exported and erased.
/// </summary>
public sealed class ManageEndpoints_Http(SubscriptionPagesHost host) : IClassFixture<SubscriptionPagesHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddsExportsRemovesAndErasesASubscriber()
    {
        using var client = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
        var email = $"desk-{Guid.NewGuid():N}@example.org";

        using var added = await client.PostAsync("/api/manage/subscribers", new StringContent($$"""{"email":"{{email}}","officials":["khawaja-asif"],"minimumLevel":"high"}""", Encoding.UTF8, "application/json"), Ct);
        using var refused = await client.PostAsync("/api/manage/subscribers", new StringContent("""{"email":"nope","minimumLevel":"loud"}""", Encoding.UTF8, "application/json"), Ct);
        var list = await client.GetStringAsync("/api/manage/subscribers", Ct);
        var export = await client.GetStringAsync($"/api/manage/subscribers/{Uri.EscapeDataString(email)}/export", Ct);
        using var removed = await client.DeleteAsync($"/api/manage/subscribers/{Uri.EscapeDataString(email)}", Ct);
        var afterRemove = await client.GetFromJsonAsync<JsonElement>($"/api/manage/subscribers/{Uri.EscapeDataString(email)}", Ct);
        using var erased = await client.DeleteAsync($"/api/manage/subscribers/{Uri.EscapeDataString(email)}/data", Ct);
        using var gone = await client.GetAsync($"/api/manage/subscribers/{Uri.EscapeDataString(email)}/export", Ct);
        using var eraseAgain = await client.DeleteAsync($"/api/manage/subscribers/{Uri.EscapeDataString(email)}/data", Ct);

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains(email, list, StringComparison.Ordinal);
        using (var json = JsonDocument.Parse(export))
        {
            Assert.Equal(email, json.RootElement.GetProperty("subscription").GetProperty("email").GetString());
            Assert.Equal(JsonValueKind.Array, json.RootElement.GetProperty("deliveries").ValueKind);
        }

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal("Unsubscribed", afterRemove.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, eraseAgain.StatusCode);
    }

    [Fact]
    public async Task AddsListsAndRemovesOfficialsAndRefusesBadIds()
    {
        using var client = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
        var id = $"minister-{Guid.NewGuid():N}"[..20];

        using var added = await client.PostAsync("/api/manage/officials", new StringContent($$"""{"id":"{{id}}","name":"A Minister","aliases":["The Minister"]}""", Encoding.UTF8, "application/json"), Ct);
        using var badId = await client.PostAsync("/api/manage/officials", new StringContent("""{"id":"../etc","name":"X"}""", Encoding.UTF8, "application/json"), Ct);
        var list = await client.GetStringAsync("/api/manage/officials", Ct);
        using var removed = await client.DeleteAsync($"/api/manage/officials/{id}", Ct);
        using var removedAgain = await client.DeleteAsync($"/api/manage/officials/{id}", Ct);

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badId.StatusCode);
        Assert.Contains(id, list, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, removedAgain.StatusCode);
    }
}
