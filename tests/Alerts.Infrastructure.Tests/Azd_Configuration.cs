using Alerts.Infrastructure.Tests.Support;

namespace Alerts.Infrastructure.Tests;

/// <summary>azure.yaml and the template agree, so <c>azd up</c> provisions and deploys the same app.</summary>
public sealed class Azd_Configuration
{
    private static readonly string[] AzureYaml =
        File.ReadAllLines(Path.Combine(Repository.Root, "azure.yaml"))
            .Where(line => !line.TrimStart().StartsWith('#'))
            .ToArray();

    private static string ValueOf(string key) =>
        AzureYaml.Select(line => line.Trim())
            .Where(line => line.StartsWith(key + ":", StringComparison.Ordinal))
            .Select(line => line[(key.Length + 1)..].Trim())
            .Single();

    [Fact]
    public void DeploysTheFunctionsProjectAsAFunctionApp()
    {
        Assert.Contains("  functions:", AzureYaml);
        Assert.Equal("./src/Alerts.Functions", ValueOf("project"));
        Assert.Equal("dotnet", ValueOf("language"));
        Assert.Equal("function", ValueOf("host"));
    }

    [Fact]
    public void ProvisionsInfraMainWithBicep()
    {
        Assert.Equal("bicep", ValueOf("provider"));
        Assert.Equal("infra", ValueOf("path"));
        Assert.Equal("main", ValueOf("module"));
        Assert.True(File.Exists(Path.Combine(Repository.Infra, "main.bicepparam")), "azd reads infra/main.bicepparam.");
    }

    [Fact]
    public void TagsTheFunctionAppWithTheAzureYamlServiceName()
    {
        var deployment = Assert.Single(
            CompiledMain.Template.ResourcesOfType("Microsoft.Resources/deployments"),
            resource => resource.GetProperty("name").GetString() == "functionapp");

        var serviceName = deployment.GetProperty("properties").GetProperty("parameters").GetProperty("serviceName").GetProperty("value").GetString();

        Assert.Equal("functions", serviceName);
        var site = Assert.Single(CompiledMain.Module("functionapp").ResourcesOfType("Microsoft.Web/sites"));
        Assert.Contains("'azd-service-name', parameters('serviceName')", site.GetProperty("tags").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public void MainTemplateIsSubscriptionScopedAsAzdExpects()
    {
        Assert.Contains("subscriptionDeploymentTemplate.json", CompiledMain.Template.Root.GetProperty("$schema").GetString()!, StringComparison.Ordinal);
    }
}
