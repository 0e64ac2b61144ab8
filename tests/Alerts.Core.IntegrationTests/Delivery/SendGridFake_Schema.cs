using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Alerts.Core.IntegrationTests.Delivery;

/// <summary>The fake itself must catch what SendGrid would refuse, or the delivery tests prove little.</summary>
[Collection(AzuriteSuite.Name)]
public sealed class SendGridFake_Schema(DeliveryFixture fixture) : IClassFixture<DeliveryFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<HttpResponseMessage> PostAsync(SendGridFake fake, string json, string key = SendGridFake.ApiKey)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, fake.BaseUrl + "/v3/mail/send") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return await http.SendAsync(request, Ct);
    }

    private const string Valid = """
        {"personalizations":[{"to":[{"email":"reader@example.org"}]}],"from":{"email":"alerts@example.org"},"subject":"s","content":[{"type":"text/plain","value":"x"}]}
        """;

    [Fact]
    public async Task AcceptsAValidRequestWithA202AndAMessageId()
    {
        var fake = fixture.RequireSendGrid();
        using var response = await PostAsync(fake, Valid);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.True(response.Headers.Contains("X-Message-Id"));
    }

    [Fact]
    public async Task RefusesAnAddressThatIsNotAnEmailBecauseFormatsAreChecked()
    {
        var fake = fixture.RequireSendGrid();
        using var response = await PostAsync(fake, Valid.Replace("reader@example.org", "not-an-email", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEmpty(Assert.Single(fake.Requests).SchemaErrors);
    }

    [Fact]
    public async Task RefusesARequestWithoutPersonalizations()
    {
        var fake = fixture.RequireSendGrid();
        using var response = await PostAsync(fake, """{"from":{"email":"alerts@example.org"},"subject":"s","content":[{"type":"text/plain","value":"x"}]}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task RefusesAWrongApiKeyWith401()
    {
        var fake = fixture.RequireSendGrid();
        using var response = await PostAsync(fake, Valid, "SG.wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
