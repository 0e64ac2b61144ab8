using System.Text.RegularExpressions;
using Alerts.Infrastructure.Tests.Support;

namespace Alerts.Infrastructure.Tests;

/// <summary>Deployment outputs: azd names, and nothing secret in any template's outputs.</summary>
public sealed partial class Template_Outputs
{
    [Fact]
    public void MainOutputsUseAzdUpperSnakeNames()
    {
        var names = CompiledMain.Template.Outputs.Select(output => output.Name).ToList();

        Assert.All(names, name => Assert.Matches("^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$", name));
        Assert.Superset(
            new HashSet<string>(StringComparer.Ordinal)
            {
                "AZURE_FUNCTION_APP_NAME", "AZURE_FUNCTION_APP_URL", "AZURE_FUNCTION_APP_HOSTNAME",
                "AZURE_STORAGE_ACCOUNT_NAME", "AZURE_KEY_VAULT_NAME", "AZURE_RESOURCE_GROUP", "AZURE_LOCATION",
            },
            names.ToHashSet(StringComparer.Ordinal));
    }

    [Fact]
    public void NoOutputAnywhereCarriesASecretKeyOrConnectionString()
    {
        var offenders = new List<string>();
        foreach (var template in CompiledMain.Template.SelfAndModules())
        {
            var secure = template.SecureParameters;
            foreach (var output in template.Outputs)
            {
                var type = output.Value.GetProperty("type").GetString()!;
                var value = output.Value.TryGetProperty("value", out var v) ? v.ToString() : string.Empty;
                var where = $"{template.Path} output {output.Name}";
                if (type.StartsWith("secure", StringComparison.OrdinalIgnoreCase))
                {
                    offenders.Add($"{where} is of type {type}");
                }

                if (SecretLookingName().IsMatch(output.Name))
                {
                    offenders.Add($"{where} is named like a secret");
                }

                if (SecretLookingValue().IsMatch(value))
                {
                    offenders.Add($"{where} = {value}");
                }

                offenders.AddRange(secure
                    .Where(parameter => value.Contains($"parameters('{parameter}')", StringComparison.Ordinal))
                    .Select(parameter => $"{where} uses secure parameter {parameter}"));
            }
        }

        Assert.True(offenders.Count == 0, string.Join(Environment.NewLine, offenders));
    }

    // Names: a secret's URI or reference is fine (ends in Uri/Url/Name/Id/Endpoint); its value is not.
    [GeneratedRegex(@"(password|secret|key|token|connectionstring|sas)$", RegexOptions.IgnoreCase)]
    private static partial Regex SecretLookingName();

    [GeneratedRegex(@"list(Keys|Secrets|AccountSas|ServiceSas|ConnectionStrings)|ConnectionString|InstrumentationKey|AccountKey=|SharedAccessSignature|primaryKey|secondaryKey|\.properties\.value|\)\.value\b", RegexOptions.IgnoreCase)]
    private static partial Regex SecretLookingValue();
}
