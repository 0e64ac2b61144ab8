[assembly: AssemblyFixture(typeof(Alerts.Testing.AzuriteFixture))]

namespace Alerts.IntegrationTests;

/// <summary>
/// The tests over the assembly's one Azurite: they run one after another, each leaving empty tables and queues to the next
/// (<see cref="ResetAzuriteAttribute"/>); fewer emulators starting on a small machine.
/// </summary>
[CollectionDefinition(Name)]
[ResetAzurite]
public sealed class AzuriteSuite
{
    public const string Name = "Azurite";
}
