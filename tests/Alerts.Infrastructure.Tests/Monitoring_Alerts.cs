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
}
