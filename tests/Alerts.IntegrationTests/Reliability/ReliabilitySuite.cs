namespace Alerts.IntegrationTests.Reliability;

/// <summary>
/// The reliability classes share one Azurite and run one after another: fewer emulators starting at once on a
/// small machine, and each test still starts from empty tables and queues (the harness resets them).
/// </summary>
[CollectionDefinition(Name)]
public sealed class ReliabilitySuite : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Reliability";
}
