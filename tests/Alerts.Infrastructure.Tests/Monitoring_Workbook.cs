using System.Text.Json;
using System.Text.RegularExpressions;
using Alerts.Infrastructure.Tests.Support;

namespace Alerts.Infrastructure.Tests;

/// <summary>
/// The ops workbook (infra/modules/workbook.bicep + workbook.json): deployed against the Application Insights
/// component, and every log template and metric name its queries use is one the app writes.
/// </summary>
public sealed partial class Monitoring_Workbook
{
    private static readonly string WorkbookFile = Path.Combine(Repository.Infra, "modules", "workbook.json");

    private static List<(string Name, string Query)> Queries()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(WorkbookFile));
        return [.. document.RootElement.GetProperty("items").EnumerateArray()
            .Where(item => item.GetProperty("type").GetInt32() == 3)
            .Select(item => (item.GetProperty("name").GetString()!, item.GetProperty("content").GetProperty("query").GetString()!))];
    }

    /// <summary>Every C# string literal under src/ (log templates and metric names are plain literals there).</summary>
    private static HashSet<string> SourceLiterals()
    {
        var literals = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Repository.Root, "src"), "*.cs", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            foreach (Match match in Literal().Matches(File.ReadAllText(file)))
            {
                literals.Add(match.Groups[1].Value.Replace("\\\"", "\"", StringComparison.Ordinal));
            }
        }

        return literals;
    }

    [Fact]
    public void DeploysTheWorkbookFromItsJsonAgainstTheApplicationInsightsComponent()
    {
        var module = CompiledMain.Module("workbook");
        var workbook = Assert.Single(module.ResourcesOfType("Microsoft.Insights/workbooks")).GetProperty("properties");

        // loadTextContent compiles to a template variable holding the file's text.
        var data = workbook.GetProperty("serializedData").GetString()!;
        var variable = data.Replace("[variables('", string.Empty, StringComparison.Ordinal).Replace("')]", string.Empty, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText(WorkbookFile), module.Variable(variable).GetString());
        Assert.Contains("'Microsoft.Insights/components'", workbook.GetProperty("sourceId").GetString()!, StringComparison.Ordinal);
        Assert.Equal("workbook", workbook.GetProperty("category").GetString());
    }

    [Fact]
    public void CoversTheFunnelBacklogsSourceAndSendGridFailuresAndAlertsPerOfficial()
    {
        var queries = Queries().ToDictionary(q => q.Name, q => q.Query, StringComparer.Ordinal);

        Assert.Contains("items polled", queries["funnel"], StringComparison.Ordinal);
        Assert.Contains("alert emails sent", queries["funnel"], StringComparison.Ordinal);
        Assert.Contains("poison", queries["backlog-now"], StringComparison.Ordinal);
        Assert.Contains("poison", queries["backlog"], StringComparison.Ordinal);
        Assert.Contains("by kind", queries["source-failures"], StringComparison.Ordinal);
        Assert.Contains("sendgrid.com", queries["sendgrid-failures"], StringComparison.Ordinal);
        Assert.Contains("bin(timestamp, 1d)", queries["alerts-per-official"], StringComparison.Ordinal);
    }

    [Fact]
    public void EveryLogTemplateAndMetricTheWorkbookQueriesIsOneTheAppWrites()
    {
        var literals = SourceLiterals();
        var metrics = literals.Where(l => l.StartsWith("alerts.", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        var checkedNames = 0;
        foreach (var (name, query) in Queries())
        {
            var templates = Template().Matches(query).Select(m => m.Groups[1].Value.Replace("\\\"", "\"", StringComparison.Ordinal)).ToList();
            var metricNames = Metric().Matches(query).Select(m => m.Groups[1].Value).ToList();
            Assert.True(templates.Count + metricNames.Count > 0, $"query '{name}' uses no log template or metric the test can check");
            foreach (var template in templates)
            {
                Assert.True(literals.Contains(template), $"query '{name}' looks for log template \"{template}\", which no code under src/ writes");
            }

            foreach (var metric in metricNames)
            {
                Assert.True(metrics.Contains(metric), $"query '{name}' reads metric \"{metric}\", which Telemetry/AlertsMetrics.cs does not create");
            }

            checkedNames += templates.Count + metricNames.Count;
        }

        Assert.True(checkedNames >= 10, $"only {checkedNames} names checked");
    }

    [Fact]
    public void TheCheckCatchesANameTheAppDoesNotWrite()
    {
        var literals = SourceLiterals();

        Assert.DoesNotContain("Alert {StatementId} delivered to {SubscriptionId}", literals);
        Assert.Contains("Alert {StatementId} sent to {SubscriptionId} as {MessageId}", literals);
        Assert.Contains("alerts.emails.sent", literals);
    }

    [GeneratedRegex("\"((?:[^\"\\\\\\r\\n]|\\\\.)*)\"")]
    private static partial Regex Literal();

    [GeneratedRegex("\\{OriginalFormat\\}\"\\]\\s*==\\s*\"((?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex Template();

    [GeneratedRegex("name\\s*==\\s*\"(alerts\\.[a-z_.]+)\"")]
    private static partial Regex Metric();
}
