using System.Text.Json;
using System.Text.RegularExpressions;

namespace Alerts.Infrastructure.Tests.Support;

/// <summary>
/// One ARM template (the compiled main.bicep or a module nested in it), read with System.Text.Json.
/// Bicep compiles each module to a Microsoft.Resources/deployments resource whose
/// properties.template is the module's own template.
/// </summary>
public sealed partial class ArmTemplate(string path, JsonElement root)
{
    /// <summary>Where the template sits: "main", "main/functionapp", ...</summary>
    public string Path { get; } = path;

    public JsonElement Root { get; } = root;

    /// <summary>Resources, whether the template lists them (classic) or names them (languageVersion 2.0).</summary>
    public IEnumerable<JsonElement> Resources =>
        Root.TryGetProperty("resources", out var resources)
            ? resources.ValueKind == JsonValueKind.Array
                ? resources.EnumerateArray()
                : resources.EnumerateObject().Select(property => property.Value)
            : [];

    public IEnumerable<JsonElement> ResourcesOfType(string type) =>
        Resources.Where(resource => string.Equals(resource.GetProperty("type").GetString(), type, StringComparison.OrdinalIgnoreCase)
            && !IsExisting(resource));

    public IEnumerable<JsonProperty> Parameters =>
        Root.TryGetProperty("parameters", out var parameters) ? parameters.EnumerateObject() : [];

    public IEnumerable<JsonProperty> Outputs =>
        Root.TryGetProperty("outputs", out var outputs) ? outputs.EnumerateObject() : [];

    /// <summary>Names of the parameters declared secure (securestring or secureObject).</summary>
    public IReadOnlySet<string> SecureParameters =>
        Parameters.Where(parameter => parameter.Value.TryGetProperty("type", out var type)
                && type.GetString() is { } name
                && name.StartsWith("secure", StringComparison.OrdinalIgnoreCase))
            .Select(parameter => parameter.Name)
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>The template of the module deployed under <paramref name="deploymentName"/>.</summary>
    public ArmTemplate Module(string deploymentName)
    {
        var deployment = ResourcesOfType("Microsoft.Resources/deployments")
            .SingleOrDefault(resource => resource.GetProperty("name").GetString() == deploymentName);
        Assert.True(deployment.ValueKind == JsonValueKind.Object, $"{Path} deploys no module named '{deploymentName}'.");
        return new ArmTemplate($"{Path}/{deploymentName}", deployment.GetProperty("properties").GetProperty("template"));
    }

    /// <summary>This template and every template nested in it.</summary>
    public IEnumerable<ArmTemplate> SelfAndModules()
    {
        yield return this;
        foreach (var deployment in ResourcesOfType("Microsoft.Resources/deployments"))
        {
            var nested = new ArmTemplate(
                $"{Path}/{deployment.GetProperty("name").GetString()}",
                deployment.GetProperty("properties").GetProperty("template"));
            foreach (var template in nested.SelfAndModules())
            {
                yield return template;
            }
        }
    }

    /// <summary>The value of a template variable, as compiled (a literal or an expression).</summary>
    public JsonElement Variable(string name)
    {
        if (Root.TryGetProperty("variables", out var variables) && variables.TryGetProperty(name, out var value))
        {
            return value;
        }

        Assert.Fail($"{Path} has no variable '{name}'.");
        return default;
    }

    /// <summary>
    /// A string as written, with a whole-value variable reference ("[variables('x')]") replaced by
    /// the variable's compiled value, so checks see the expression that produces the value.
    /// </summary>
    public string Resolve(string value)
    {
        var match = WholeVariableReference().Match(value);
        return match.Success ? Variable(match.Groups["name"].Value).ToString() : value;
    }

    /// <summary>The default value of a parameter, as text.</summary>
    public string DefaultOf(string parameter)
    {
        var declared = Parameters.SingleOrDefault(candidate => candidate.Name == parameter);
        Assert.True(declared.Value.ValueKind == JsonValueKind.Object, $"{Path} has no parameter '{parameter}'.");
        Assert.True(declared.Value.TryGetProperty("defaultValue", out var value), $"{Path} parameter '{parameter}' has no default.");
        return value.ToString();
    }

    private static bool IsExisting(JsonElement resource) =>
        resource.TryGetProperty("existing", out var existing) && existing.ValueKind == JsonValueKind.True;

    [GeneratedRegex(@"^\[variables\('(?<name>[^']+)'\)\]$")]
    private static partial Regex WholeVariableReference();
}
