using System.Text.Json;
using Alerts.Infrastructure.Tests.Support;

namespace Alerts.Infrastructure.Tests;

/// <summary>The Key Vault: RBAC mode, and the secrets come from secure parameters only.</summary>
public sealed class KeyVault_Secrets
{
    private static ArmTemplate KeyVault => CompiledMain.Module("keyvault");

    [Fact]
    public void VaultAuthorizesThroughRbacWithSoftDelete()
    {
        var vault = Assert.Single(KeyVault.ResourcesOfType("Microsoft.KeyVault/vaults")).GetProperty("properties");

        Assert.Equal(JsonValueKind.True, vault.GetProperty("enableRbacAuthorization").ValueKind);
        Assert.Equal(JsonValueKind.True, vault.GetProperty("enableSoftDelete").ValueKind);
        Assert.False(vault.TryGetProperty("accessPolicies", out _), "An RBAC vault must not carry access policies.");
    }

    [Fact]
    public void EverySecretValueComesFromASecureParameter()
    {
        var secure = KeyVault.SecureParameters;
        var secrets = KeyVault.ResourcesOfType("Microsoft.KeyVault/vaults/secrets").ToList();

        // SendGrid key, signing key, X token, and the earlier signing keys kept during a rotation.
        Assert.Equal(4, secrets.Count);
        Assert.All(secrets, secret =>
        {
            var value = secret.GetProperty("properties").GetProperty("value").GetString()!;
            Assert.Contains(secure, parameter => value == $"[parameters('{parameter}')]");
        });
    }

    [Fact]
    public void MainTakesTheSecretsAsSecureParametersWithoutDefaults()
    {
        var parameters = CompiledMain.Template.Parameters.ToDictionary(parameter => parameter.Name, parameter => parameter.Value);

        foreach (var name in new[] { "sendGridApiKey", "tokenSigningKey" })
        {
            Assert.Equal("securestring", parameters[name].GetProperty("type").GetString());
            Assert.False(parameters[name].TryGetProperty("defaultValue", out _), $"{name} must have no default.");
        }

        foreach (var optional in new[] { "xBearerToken", "tokenPreviousKeys" })
        {
            Assert.Equal("securestring", parameters[optional].GetProperty("type").GetString());
            Assert.Equal(string.Empty, parameters[optional].GetProperty("defaultValue").GetString());
        }
    }
}
