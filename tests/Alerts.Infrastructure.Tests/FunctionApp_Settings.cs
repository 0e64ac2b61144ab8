using System.Text.Json;
using Alerts.Core.Configuration;
using Alerts.Infrastructure.Tests.Support;

namespace Alerts.Infrastructure.Tests;

/// <summary>The app settings the compiled template gives the Function App (Microsoft.Web/sites/config appsettings).</summary>
public sealed class FunctionApp_Settings
{
    private const string KeyVaultReference = "@Microsoft.KeyVault(SecretUri=";

    private static ArmTemplate FunctionApp => CompiledMain.Module("functionapp");

    private static Dictionary<string, string> Settings()
    {
        var config = Assert.Single(
            FunctionApp.ResourcesOfType("Microsoft.Web/sites/config"),
            resource => resource.GetProperty("name").GetString()!.Contains("appsettings", StringComparison.Ordinal));
        return config.GetProperty("properties").EnumerateObject()
            .ToDictionary(setting => setting.Name, setting => setting.Value.ToString(), StringComparer.Ordinal);
    }

    public static TheoryData<string> SecretSettings =>
        [.. AlertsNames.Settings.All.Where(setting => setting.Secret).Select(setting => setting.Name)];

    public static TheoryData<string> PlainSettings =>
        [.. AlertsNames.Settings.All.Where(setting => !setting.Secret).Select(setting => setting.Name)];

    [Fact]
    public void SetsEverySettingTheAppReads()
    {
        var settings = Settings();

        var missing = AlertsNames.Settings.All.Select(setting => setting.Name).Where(name => !settings.ContainsKey(name)).ToList();

        Assert.True(missing.Count == 0, $"Settings the app reads but the Bicep does not set: {string.Join(", ", missing)}");
    }

    [Theory]
    [MemberData(nameof(SecretSettings))]
    public void ReadsSecretSettingOnlyThroughAKeyVaultReference(string name)
    {
        var value = Settings()[name];

        Assert.Contains(KeyVaultReference, value, StringComparison.Ordinal);
        // The URI comes from the Key Vault module's outputs, passed in as keyVaultUris.
        Assert.Contains("parameters('keyVaultUris')", value, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(PlainSettings))]
    public void PlainSettingIsNotAKeyVaultReference(string name)
    {
        Assert.DoesNotContain(KeyVaultReference, Settings()[name], StringComparison.Ordinal);
    }

    [Fact]
    public void FunctionAppModuleNeverReceivesASecretValue()
    {
        Assert.Empty(FunctionApp.SecureParameters);

        var main = CompiledMain.Template;
        var deployment = Assert.Single(
            main.ResourcesOfType("Microsoft.Resources/deployments"),
            resource => resource.GetProperty("name").GetString() == "functionapp");
        var passed = deployment.GetProperty("properties").GetProperty("parameters").ToString();
        foreach (var secure in main.SecureParameters)
        {
            Assert.DoesNotContain($"parameters('{secure}')", passed, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void NoSettingHoldsAKeyOrConnectionString()
    {
        var offenders = Settings()
            .Where(setting => setting.Key != AlertsNames.Settings.AppInsightsConnectionString)
            .Where(setting => setting.Value.Contains("AccountKey", StringComparison.OrdinalIgnoreCase)
                || setting.Value.Contains("SharedAccessSignature", StringComparison.OrdinalIgnoreCase)
                || setting.Value.Contains("listKeys", StringComparison.OrdinalIgnoreCase)
                || setting.Value.Contains("listSecrets", StringComparison.OrdinalIgnoreCase)
                || setting.Value.Contains("InstrumentationKey", StringComparison.OrdinalIgnoreCase)
                || setting.Key.Contains("ConnectionString", StringComparison.OrdinalIgnoreCase))
            .Select(setting => $"{setting.Key}={setting.Value}")
            .ToList();

        Assert.True(offenders.Count == 0, $"Settings carrying keys or connection strings: {string.Join("; ", offenders)}");
        Assert.False(Settings().ContainsKey(AlertsNames.Settings.Storage), "AzureWebJobsStorage must not be a connection string.");
    }

    [Fact]
    public void UsesIdentityBasedHostStorageForBlobsQueuesAndTables()
    {
        var settings = Settings();

        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.Equal("[parameters('identityClientId')]", settings["AzureWebJobsStorage__clientId"]);
        Assert.Contains("primaryEndpoints.blob", settings["AzureWebJobsStorage__blobServiceUri"], StringComparison.Ordinal);
        Assert.Contains("primaryEndpoints.queue", settings["AzureWebJobsStorage__queueServiceUri"], StringComparison.Ordinal);
        Assert.Contains("primaryEndpoints.table", settings["AzureWebJobsStorage__tableServiceUri"], StringComparison.Ordinal);
    }

    [Fact]
    public void SendsTelemetryWithEntraIdAuthentication()
    {
        var settings = Settings();

        Assert.Contains(".ConnectionString", settings[AlertsNames.Settings.AppInsightsConnectionString], StringComparison.Ordinal);
        Assert.Equal(
            "[format('ClientId={0};Authorization=AAD', parameters('identityClientId'))]",
            settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);

        var appInsights = Assert.Single(CompiledMain.Module("monitoring").ResourcesOfType("Microsoft.Insights/components"));
        Assert.Equal(JsonValueKind.True, appInsights.GetProperty("properties").GetProperty("DisableLocalAuth").ValueKind);
    }

    [Fact]
    public void SetsNoSettingFlexConsumptionRejects()
    {
        // Flex Consumption sets these itself (runtime and package live in functionAppConfig) and
        // rejects or ignores them in app settings.
        string[] rejected =
        [
            "FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_EXTENSION_VERSION", "WEBSITE_RUN_FROM_PACKAGE",
            "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", "WEBSITE_CONTENTSHARE", "WEBSITE_NODE_DEFAULT_VERSION",
            "FUNCTIONS_WORKER_PROCESS_COUNT", "SCALE_CONTROLLER_LOGGING_ENABLED",
        ];

        Assert.Empty(Settings().Keys.Intersect(rejected));
    }

    [Fact]
    public void PinsTheFixedAndDefaultValuesTheDesignSets()
    {
        var settings = Settings();
        var main = CompiledMain.Template;

        Assert.Equal("false", settings[AlertsNames.Settings.FetchAllowPrivateAddresses]);
        Assert.Equal("[format('https://{0}', reference('site').defaultHostName)]", settings[AlertsNames.Settings.PublicBaseUrl]);
        Assert.Equal("0 */5 * * * *", main.DefaultOf("pollSchedule"));
        Assert.Equal("0 0 7 * * *", main.DefaultOf("digestSchedule"));
        Assert.Equal(string.Empty, main.DefaultOf("threatRulesPath"));
    }

    [Fact]
    public void RunsDotnetIsolatedTenOnFlexConsumptionWithTheIdentity()
    {
        var plan = Assert.Single(FunctionApp.ResourcesOfType("Microsoft.Web/serverfarms"));
        Assert.Equal("FC1", plan.GetProperty("sku").GetProperty("name").GetString());
        Assert.Equal("FlexConsumption", plan.GetProperty("sku").GetProperty("tier").GetString());

        var site = Assert.Single(FunctionApp.ResourcesOfType("Microsoft.Web/sites"));
        Assert.Equal("functionapp,linux", site.GetProperty("kind").GetString());
        Assert.Equal("UserAssigned", site.GetProperty("identity").GetProperty("type").GetString());
        var properties = site.GetProperty("properties");
        Assert.Equal("[parameters('identityId')]", properties.GetProperty("keyVaultReferenceIdentity").GetString());
        Assert.Equal(JsonValueKind.True, properties.GetProperty("httpsOnly").ValueKind);

        var config = properties.GetProperty("functionAppConfig");
        Assert.Equal("dotnet-isolated", config.GetProperty("runtime").GetProperty("name").GetString());
        Assert.Equal("10.0", config.GetProperty("runtime").GetProperty("version").GetString());
        Assert.Equal("[parameters('instanceMemoryMB')]", config.GetProperty("scaleAndConcurrency").GetProperty("instanceMemoryMB").GetString());
        Assert.Equal("[parameters('maximumInstanceCount')]", config.GetProperty("scaleAndConcurrency").GetProperty("maximumInstanceCount").GetString());
        var storage = config.GetProperty("deployment").GetProperty("storage");
        Assert.Equal("blobContainer", storage.GetProperty("type").GetString());
        Assert.Equal("UserAssignedIdentity", storage.GetProperty("authentication").GetProperty("type").GetString());
        Assert.Equal("[parameters('identityId')]", storage.GetProperty("authentication").GetProperty("userAssignedIdentityResourceId").GetString());

        var memory = CompiledMain.Template.Parameters.Single(parameter => parameter.Name == "instanceMemoryMB").Value;
        Assert.Equal([512, 2048, 4096], memory.GetProperty("allowedValues").EnumerateArray().Select(value => value.GetInt32()));
        Assert.Equal(2048, memory.GetProperty("defaultValue").GetInt32());
    }
}
