[assembly: AssemblyFixture(typeof(Alerts.Testing.AzuriteFixture))]

namespace Alerts.Core.IntegrationTests;

/// <summary>
/// The tests over the assembly's one Azurite: they run one after another, each leaving empty tables and queues to the next
/// (<see cref="ResetAzuriteAttribute"/>); the tests outside this collection still run in parallel beside them.
/// </summary>
[CollectionDefinition(Name)]
[ResetAzurite]
public sealed class AzuriteSuite
{
    public const string Name = "Azurite";
}
