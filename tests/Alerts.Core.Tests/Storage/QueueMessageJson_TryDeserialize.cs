using Alerts.Core.Delivery;
using Alerts.Core.Sources;
using Alerts.Core.Storage;

namespace Alerts.Core.Tests.Storage;

public sealed class QueueMessageJson_TryDeserialize
{
    [Theory]
    [InlineData("", "empty message")]
    [InlineData("not json", "not a valid PollRequest")]
    [InlineData("null", "null")]
    [InlineData("{\"sourceId\":\"a/b\"}", "sourceId")]
    [InlineData("{\"requestedAt\":\"2026-01-01T00:00:00Z\"}", "sourceId")]
    public void UnreadablePollRequestsComeBackWithAReason(string text, string reasonContains)
    {
        Assert.False(QueueMessageJson.TryDeserialize<PollRequest>(text, out var message, out var reason));
        Assert.Null(message);
        Assert.Contains(reasonContains, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOversizedMessageIsRefusedBeforeParsing()
    {
        var text = "{\"statementId\":\"" + new string('a', QueueMessageJson.MaxMessageChars) + "\"}";

        Assert.False(QueueMessageJson.TryDeserialize<DeliveryRequest>(text, out _, out var reason));
        Assert.Contains("exceeds", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AMessageRoundTrips()
    {
        var request = new DeliveryRequest("st-1", "sub-1", "corr");

        Assert.True(QueueMessageJson.TryDeserialize<DeliveryRequest>(QueueMessageJson.Serialize(request), out var back, out _));
        Assert.Equal(request, back);
    }

    [Fact]
    public void SerializingAMessageOverTheQueueLimitFailsLoudly()
    {
        var huge = new DeliveryRequest(new string('a', QueueMessageJson.MaxMessageChars), "s", "c");

        Assert.Throws<InvalidOperationException>(() => QueueMessageJson.Serialize(huge));
    }
}
