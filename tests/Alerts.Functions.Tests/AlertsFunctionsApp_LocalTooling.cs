using System.Reflection;
using System.Text.Json;
using Alerts.Local;

namespace Alerts.Functions.Tests;

/// <summary>
/// The Function app ships only the product: the local tooling (emulator launcher, repository root, file sources,
/// in-process queue runner, load runs) lives in Alerts.Local, which neither the app's assembly references, nor its
/// deps.json lists, nor any of its own assemblies redefines.
/// </summary>
public sealed class AlertsFunctionsApp_LocalTooling
{
    private static readonly Assembly App = typeof(AlertsFunctionsApp).Assembly;
    private static readonly string LocalName = typeof(RepositoryRoot).Assembly.GetName().Name!;

    [Fact]
    public void TheFunctionAppDoesNotReferenceTheLocalToolingAssembly()
    {
        var references = App.GetReferencedAssemblies().Select(a => a.Name).ToList();

        Assert.Contains("Alerts.Core", references);
        Assert.DoesNotContain(LocalName, references);
    }

    [Fact]
    public void TheFunctionAppsDepsJsonDoesNotListTheLocalToolingAssembly()
    {
        var depsJson = Path.ChangeExtension(App.Location, ".deps.json");
        Assert.True(File.Exists(depsJson), $"no deps.json next to {App.Location}");
        using var deps = JsonDocument.Parse(File.ReadAllText(depsJson));

        var libraries = deps.RootElement.GetProperty("libraries").EnumerateObject().Select(p => p.Name.Split('/')[0]).ToList();
        var assets = deps.RootElement.GetProperty("targets").EnumerateObject()
            .SelectMany(target => target.Value.EnumerateObject())
            .SelectMany(library => library.Value.TryGetProperty("runtime", out var runtime) ? runtime.EnumerateObject().Select(a => Path.GetFileName(a.Name)) : [])
            .ToList();

        Assert.Contains("Alerts.Core", libraries);
        Assert.DoesNotContain(LocalName, libraries);
        Assert.Contains("Alerts.Core.dll", assets);
        Assert.DoesNotContain(LocalName + ".dll", assets);
    }

    [Fact]
    public void NoneOfTheLocalToolingTypesIsDefinedInAnAssemblyTheFunctionAppShips()
    {
        var shipped = App.GetReferencedAssemblies()
            .Where(a => a.Name!.StartsWith("Alerts.", StringComparison.Ordinal))
            .Select(Assembly.Load)
            .Append(App)
            .ToList();
        var shippedTypes = shipped.SelectMany(a => a.GetTypes()).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var toolingTypes = typeof(RepositoryRoot).Assembly.GetExportedTypes().Select(t => t.Name).ToList();

        Assert.Contains(shipped, a => a.GetName().Name == "Alerts.Core");
        Assert.Contains("AzuriteServer", toolingTypes);
        Assert.Contains("LocalPipelineRunner", toolingTypes);
        Assert.DoesNotContain(toolingTypes, shippedTypes.Contains);
    }
}
