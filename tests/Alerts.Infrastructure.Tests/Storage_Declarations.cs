using System.Text.Json;
using Alerts.Core.Configuration;
using Alerts.Infrastructure.Tests.Support;

namespace Alerts.Infrastructure.Tests;

/// <summary>The storage module: the queues and tables AlertsNames lists, and a locked-down account.</summary>
public sealed class Storage_Declarations
{
    private static ArmTemplate Storage => CompiledMain.Module("storage");

    /// <summary>The names a copy loop of <paramref name="type"/> declares, read from the array variable it iterates.</summary>
    private static List<string> DeclaredNames(string type)
    {
        var loop = Assert.Single(Storage.ResourcesOfType(type));
        var count = loop.GetProperty("copy").GetProperty("count").GetString()!;
        var variable = count.Replace("[length(variables('", string.Empty, StringComparison.Ordinal)
            .Replace("'))]", string.Empty, StringComparison.Ordinal);
        Assert.Contains($"variables('{variable}')[copyIndex()]", loop.GetProperty("name").GetString()!, StringComparison.Ordinal);
        return [.. Storage.Variable(variable).EnumerateArray().Select(name => name.GetString()!)];
    }

    [Fact]
    public void DeclaresEveryQueueAndItsPoisonQueueAndNothingElse()
    {
        var expected = AlertsNames.Queues.All
            .SelectMany(queue => new[] { queue, AlertsNames.Queues.PoisonOf(queue) })
            .Order(StringComparer.Ordinal);

        var declared = DeclaredNames("Microsoft.Storage/storageAccounts/queueServices/queues");

        Assert.Equal(expected, declared.Order(StringComparer.Ordinal));
        Assert.All(declared, name => Assert.Matches("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$", name));
        Assert.All(AlertsNames.Queues.All, queue => Assert.True(queue.Length <= 56, $"{queue}: keep queue names to 56 characters so -poison fits."));
    }

    [Fact]
    public void DeclaresEveryTableAndNothingElse()
    {
        var declared = DeclaredNames("Microsoft.Storage/storageAccounts/tableServices/tables");

        Assert.Equal(AlertsNames.Tables.All.Order(StringComparer.Ordinal), declared.Order(StringComparer.Ordinal));
        Assert.All(declared, name => Assert.Matches("^[A-Za-z][A-Za-z0-9]{2,62}$", name));
    }

    [Fact]
    public void DeclaresThePrivateDeploymentPackageContainer()
    {
        var container = Assert.Single(Storage.ResourcesOfType("Microsoft.Storage/storageAccounts/blobServices/containers"), c => !c.TryGetProperty("copy", out _));

        Assert.Equal("None", container.GetProperty("properties").GetProperty("publicAccess").GetString());
    }

    [Fact]
    public void AccountRefusesSharedKeysPlainHttpOldTlsAndPublicBlobs()
    {
        var account = Assert.Single(Storage.ResourcesOfType("Microsoft.Storage/storageAccounts")).GetProperty("properties");

        Assert.Equal(JsonValueKind.False, account.GetProperty("allowSharedKeyAccess").ValueKind);
        Assert.Equal("TLS1_2", account.GetProperty("minimumTlsVersion").GetString());
        Assert.Equal(JsonValueKind.True, account.GetProperty("supportsHttpsTrafficOnly").ValueKind);
        Assert.Equal(JsonValueKind.False, account.GetProperty("allowBlobPublicAccess").ValueKind);
        Assert.Equal(JsonValueKind.True, account.GetProperty("defaultToOAuthAuthentication").ValueKind);
    }
}
