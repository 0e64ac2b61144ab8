using Alerts.Infrastructure.Tests.Support;

namespace Alerts.Infrastructure.Tests;

/// <summary>Parameters of main.bicep and every module: described, and names derived from the resource token.</summary>
public sealed class Template_Parameters
{
    [Fact]
    public void EveryParameterInEveryTemplateHasADescription()
    {
        var undescribed = CompiledMain.Template.SelfAndModules()
            .SelectMany(template => template.Parameters
                .Where(parameter => !parameter.Value.TryGetProperty("metadata", out var metadata)
                    || !metadata.TryGetProperty("description", out var description)
                    || string.IsNullOrWhiteSpace(description.GetString()))
                .Select(parameter => $"{template.Path}: {parameter.Name}"))
            .ToList();

        Assert.True(undescribed.Count == 0, $"Parameters without @description: {string.Join(", ", undescribed)}");
    }

    [Fact]
    public void ResourceNamesDeriveFromTheResourceToken()
    {
        var main = CompiledMain.Template;

        Assert.Equal(
            "[toLower(uniqueString(subscription().id, parameters('environmentName'), parameters('location')))]",
            main.Variable("resourceToken").GetString());
        Assert.All(
            main.Variable("names").EnumerateObject(),
            name => Assert.Contains("variables('resourceToken')", name.Value.GetString()!, StringComparison.Ordinal));
    }
}
