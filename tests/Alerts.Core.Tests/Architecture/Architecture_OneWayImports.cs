using System.Reflection;
using Alerts.Core.Configuration;
using NetArchTest.Rules;

namespace Alerts.Core.Tests.Architecture;

/// <summary>
/// The capability folders of Alerts.Core import one way: a capability may use those listed before it in
/// <see cref="Layers"/> (docs/architecture.md draws the same list), never one after it. NetArchTest reads the
/// compiled IL, so a fully qualified name counts as much as a using directive. The few upward imports left
/// from before the folders were split are listed in <see cref="KnownUpward"/>: a new one fails, and so does
/// a listed one that is gone (so the list only shrinks).
/// </summary>
public sealed class Architecture_OneWayImports
{
    /// <summary>Lowest first.</summary>
    internal static readonly string[] Layers =
    [
        "Configuration", "Telemetry", "Http", "Storage", "Threats", "Translation", "Officials", "Email", "Sources", "Statements",
        "Feedback", "Subscriptions", "Archive", "Delivery", "Feeds", "Pipeline", "Seeding",
    ];

    /// <summary>Upward imports tolerated, each "from -> to": none is left since issue #12 step 2; an entry added
    /// here must name why.</summary>
    private static readonly HashSet<string> KnownUpward = new(StringComparer.Ordinal);

    private static readonly Assembly Core = typeof(AlertsNames).Assembly;

    private static IEnumerable<(string From, string To)> Imports()
    {
        foreach (var from in Layers)
        {
            foreach (var to in Layers.Where(l => l != from))
            {
                var result = Types.InAssembly(Core).That().ResideInNamespace($"Alerts.Core.{from}")
                    .Should().NotHaveDependencyOn($"Alerts.Core.{to}").GetResult();
                if (!result.IsSuccessful)
                {
                    yield return (from, to);
                }
            }
        }
    }

    [Fact]
    public void EveryCapabilityFolderIsInTheLayerList()
    {
        var folders = Core.GetTypes()
            .Select(t => t.Namespace)
            .Where(n => n is not null && n.StartsWith("Alerts.Core.", StringComparison.Ordinal))
            .Select(n => n!.Split('.')[2])
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);

        Assert.Equal(Layers.Order(StringComparer.Ordinal), folders);
    }

    [Fact]
    public void NoCapabilityImportsOneAboveItBeyondTheKnownFewLeft()
    {
        var upward = Imports()
            .Where(i => Array.IndexOf(Layers, i.To) > Array.IndexOf(Layers, i.From))
            .Select(i => $"{i.From} -> {i.To}")
            .ToHashSet(StringComparer.Ordinal);

        var added = string.Join(", ", upward.Except(KnownUpward).Order(StringComparer.Ordinal));
        var gone = string.Join(", ", KnownUpward.Except(upward).Order(StringComparer.Ordinal));
        Assert.True(added.Length == 0, $"new upward imports (they make cycles): {added}");
        Assert.True(gone.Length == 0, $"no longer imported upward, remove from KnownUpward: {gone}");
    }

    [Fact]
    public void EmailAndOfficialsImportOnlyConfigurationHttpAndStorage()
    {
        var imports = Imports().Where(i => i.From is "Email" or "Officials").Select(i => $"{i.From} -> {i.To}");

        Assert.All(imports, i => Assert.True(i.Split(" -> ")[1] is "Configuration" or "Http" or "Storage", i));
    }

    [Fact]
    public void StatementsNoLongerFansOutToSubscribers()
    {
        var imports = Imports().Where(i => i.From == "Statements").Select(i => i.To).ToList();

        Assert.DoesNotContain("Delivery", imports);
        Assert.DoesNotContain("Subscriptions", imports);
    }
}
