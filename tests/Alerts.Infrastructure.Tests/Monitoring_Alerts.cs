using Alerts.Infrastructure.Tests.Support;

namespace Alerts.Infrastructure.Tests;

/// <summary>The Azure Monitor alert rules ops rely on (docs/operations.md runbook).</summary>
public sealed class Monitoring_Alerts
{
    private static Dictionary<string, string> RuleQueries()
    {
        var alerts = CompiledMain.Module("alerts");
        var rules = alerts.Variable("rules").EnumerateArray()
            .ToDictionary(rule => rule.GetProperty("name").GetString()!, rule => rule.GetProperty("query").GetString()!, StringComparer.Ordinal);
        var loop = Assert.Single(alerts.ResourcesOfType("Microsoft.Insights/scheduledQueryRules"));
        Assert.Equal("[length(variables('rules'))]", loop.GetProperty("copy").GetProperty("count").GetString());
        return rules;
    }

    [Fact]
    public void WatchesPoisonQueuesSourceFailuresAndSendGridFailures()
    {
        var rules = RuleQueries();

        Assert.Contains("-poison", rules["poison-messages"], StringComparison.Ordinal);
        Assert.Contains("Moving message to queue", rules["poison-messages"], StringComparison.Ordinal);
        Assert.Contains("sendgrid.com", rules["sendgrid-failures"], StringComparison.Ordinal);
        Assert.Contains("success == false", rules["sendgrid-failures"], StringComparison.Ordinal);
        Assert.Contains("dependencies", rules["source-failures"], StringComparison.Ordinal);
        Assert.Contains("success == false", rules["function-failures"], StringComparison.Ordinal);
    }

    [Fact]
    public void RulesQueryTheApplicationInsightsComponent()
    {
        var loop = Assert.Single(CompiledMain.Module("alerts").ResourcesOfType("Microsoft.Insights/scheduledQueryRules"));

        var scope = Assert.Single(loop.GetProperty("properties").GetProperty("scopes").EnumerateArray());
        Assert.Contains("'Microsoft.Insights/components'", scope.GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public void HealthCheckFailsWhilePoisonQueuesHoldMessagesAndAnAlertWatchesIt()
    {
        var alerts = CompiledMain.Module("alerts");
        var test = Assert.Single(alerts.ResourcesOfType("Microsoft.Insights/webtests")).GetProperty("properties");
        var metricAlert = Assert.Single(alerts.ResourcesOfType("Microsoft.Insights/metricAlerts")).GetProperty("properties");

        Assert.Equal("[parameters('healthUrl')]", test.GetProperty("Request").GetProperty("RequestUrl").GetString());
        Assert.Equal("\"healthy\"", test.GetProperty("ValidationRules").GetProperty("ContentValidation").GetProperty("ContentMatch").GetString());
        Assert.Equal(200, test.GetProperty("ValidationRules").GetProperty("ExpectedHttpStatusCode").GetInt32());
        Assert.Equal(
            "Microsoft.Azure.Monitor.WebtestLocationAvailabilityCriteria",
            metricAlert.GetProperty("criteria").GetProperty("odata.type").GetString());

        var deployment = Assert.Single(
            CompiledMain.Template.ResourcesOfType("Microsoft.Resources/deployments"),
            resource => resource.GetProperty("name").GetString() == "alerts");
        var healthUrl = deployment.GetProperty("properties").GetProperty("parameters").GetProperty("healthUrl").GetProperty("value").GetString()!;
        Assert.StartsWith("[format('{0}/api/health', ", healthUrl, StringComparison.Ordinal);
        Assert.Contains("'Microsoft.Resources/deployments', 'functionapp')", healthUrl, StringComparison.Ordinal);
        Assert.EndsWith(".outputs.uri.value)]", healthUrl, StringComparison.Ordinal);
    }
}
