namespace Alerts.IntegrationTests.Reliability;

/// <summary>The reliability classes run in the assembly's Azurite collection, like every test over storage here.</summary>
public static class ReliabilitySuite
{
    public const string Name = AzuriteSuite.Name;
}
