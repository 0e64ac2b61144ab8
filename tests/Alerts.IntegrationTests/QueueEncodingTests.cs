using System.Text;
using System.Text.Json;
using Alerts.Core.Configuration;
using Alerts.Core.Sources;

namespace Alerts.IntegrationTests;

[Collection(AzuriteSuite.Name)]
public sealed class QueueEncodingTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task ProducersWriteBase64JsonAsTheQueueTriggerExpectsByDefault()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await PipelineHarness.CreateAsync(azurite.ConnectionString);
        await harness.SeedAsync();

        await harness.Get<PollScheduler>().ScheduleAsync(null, ct, force: true);

        var raw = (await harness.RawQueue(AlertsNames.Queues.PollRequests).PeekMessagesAsync(1, ct)).Value;
        var text = Encoding.UTF8.GetString(Convert.FromBase64String(Assert.Single(raw).MessageText));
        using var json = JsonDocument.Parse(text);
        Assert.Equal("seed-news", json.RootElement.GetProperty("sourceId").GetString());
    }
}
