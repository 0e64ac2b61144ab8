using System.Text.Json;
using Alerts.Local;
using NJsonSchema;

namespace Alerts.Functions.Tests;

public sealed class HostJsonTests
{
    private static string HostJson => File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "host.json"));

    [Fact]
    public async Task HostJsonIsValidAgainstThePublishedSchema()
    {
        var schemaPath = Path.Combine(RepositoryRoot.Find(), "..", "shared", "fixtures", "schemas", "host.schema.json");
        if (!File.Exists(schemaPath))
        {
            Assert.Skip($"host.json schema not found at {schemaPath} (../shared is absent)");
        }

        var schema = await JsonSchema.FromFileAsync(schemaPath, TestContext.Current.CancellationToken);
        var errors = schema.Validate(HostJson);

        Assert.True(errors.Count == 0, string.Join("; ", errors.Select(e => $"{e.Path}: {e.Kind}")));
    }

    [Fact]
    public void QueueSettingsKeepTheEncodingProducersWriteAndPoisonAfterFiveAttempts()
    {
        using var document = JsonDocument.Parse(HostJson);
        var queues = document.RootElement.GetProperty("extensions").GetProperty("queues");

        Assert.Equal("base64", queues.GetProperty("messageEncoding").GetString());
        Assert.Equal(5, queues.GetProperty("maxDequeueCount").GetInt32());
        Assert.InRange(queues.GetProperty("batchSize").GetInt32(), 1, 32);
    }
}
