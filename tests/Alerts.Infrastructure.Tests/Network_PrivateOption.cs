using System.Text.Json;
using Alerts.Infrastructure.Tests.Support;

namespace Alerts.Infrastructure.Tests;

/// <summary>
/// The private-networking option (main.bicep <c>privateNetworking</c>, off by default): VNet integration of
/// the app, storage and Key Vault refusing every network but its subnet, monitoring queries closed to the internet.
/// </summary>
public sealed class Network_PrivateOption
{
    private static JsonElement Single(ArmTemplate template, string type) => Assert.Single(template.ResourcesOfType(type));

    [Fact]
    public void TheOptionIsAParameterOffByDefault()
    {
        var parameter = Assert.Single(CompiledMain.Template.Parameters, p => p.Name == "privateNetworking");

        Assert.Equal("bool", parameter.Value.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.False, parameter.Value.GetProperty("defaultValue").ValueKind);
        Assert.True(parameter.Value.GetProperty("metadata").GetProperty("description").GetString()!.Length > 20);
    }

    [Fact]
    public void TheVirtualNetworkIsDeployedOnlyWithTheOption_AndItsSubnetIsDelegatedToTheAppWithServiceEndpoints()
    {
        var deployment = CompiledMain.Template.ResourcesOfType("Microsoft.Resources/deployments").Single(d => d.GetProperty("name").GetString() == "network");
        var subnet = Assert.Single(Single(CompiledMain.Module("network"), "Microsoft.Network/virtualNetworks").GetProperty("properties").GetProperty("subnets").EnumerateArray());
        var properties = subnet.GetProperty("properties");

        Assert.Equal("[parameters('privateNetworking')]", deployment.GetProperty("condition").GetString());
        Assert.Equal("Microsoft.App/environments", Assert.Single(properties.GetProperty("delegations").EnumerateArray()).GetProperty("properties").GetProperty("serviceName").GetString());
        Assert.Equal(["Microsoft.Storage", "Microsoft.KeyVault"], properties.GetProperty("serviceEndpoints").EnumerateArray().Select(e => e.GetProperty("service").GetString()));
    }

    [Theory]
    [InlineData("storage", "Microsoft.Storage/storageAccounts")]
    [InlineData("keyvault", "Microsoft.KeyVault/vaults")]
    public void StorageAndKeyVaultDenyEveryNetworkButTheAppSubnetWhenTheOptionIsOn(string module, string type)
    {
        var acls = Single(CompiledMain.Module(module), type).GetProperty("properties").GetProperty("networkAcls");

        Assert.Equal("[if(parameters('privateNetworking'), 'Deny', 'Allow')]", acls.GetProperty("defaultAction").GetString());
        Assert.Equal("AzureServices", acls.GetProperty("bypass").GetString());
        Assert.Contains("parameters('appSubnetId')", acls.GetProperty("virtualNetworkRules").GetString(), StringComparison.Ordinal);
        var deployment = CompiledMain.Template.ResourcesOfType("Microsoft.Resources/deployments").Single(d => d.GetProperty("name").GetString() == module);
        var passed = deployment.GetProperty("properties").GetProperty("parameters");
        Assert.Equal("[parameters('privateNetworking')]", passed.GetProperty("privateNetworking").GetProperty("value").GetString());
        Assert.Equal("[variables('appSubnetId')]", passed.GetProperty("appSubnetId").GetProperty("value").GetString());
        Assert.Contains("/subnets/app", CompiledMain.Template.Variable("appSubnetId").GetString(), StringComparison.Ordinal);
        Assert.Contains(deployment.GetProperty("dependsOn").EnumerateArray(), d => d.GetString()!.Contains("'network'", StringComparison.Ordinal));
    }

    [Fact]
    public void TheAppJoinsTheSubnetAndRoutesAllOutboundTrafficThroughItWhenTheOptionIsOn()
    {
        var site = Single(CompiledMain.Module("functionapp"), "Microsoft.Web/sites").GetProperty("properties");

        Assert.Contains("parameters('virtualNetworkSubnetId')", site.GetProperty("virtualNetworkSubnetId").GetString(), StringComparison.Ordinal);
        Assert.Contains("allTraffic", site.GetProperty("outboundVnetRouting").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void MonitoringQueriesAreClosedToPublicNetworksWhenTheOptionIsOn()
    {
        var monitoring = CompiledMain.Module("monitoring");

        foreach (var type in new[] { "Microsoft.Insights/components", "Microsoft.OperationalInsights/workspaces" })
        {
            Assert.Equal("[if(parameters('privateNetworking'), 'Disabled', 'Enabled')]", Single(monitoring, type).GetProperty("properties").GetProperty("publicNetworkAccessForQuery").GetString());
        }
    }
}
