using System.Text.RegularExpressions;
using Alerts.Infrastructure.Tests.Support;

namespace Alerts.Infrastructure.Tests;

/// <summary>Every role assignment in the deployment: exactly the roles the identity needs, each on its resource.</summary>
public sealed partial class Identity_RoleAssignments
{
    private const string BlobDataReader = "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1";
    private const string BlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";

    /// <summary>Roles on the whole account (Owner above all: it could rewrite the app's own package and the host's keys) are never granted.</summary>
    private static readonly string[] AccountWideStorageRoles =
    [
        "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", // Storage Blob Data Owner
        BlobDataContributor,
        BlobDataReader,
        "974c5e8b-45b9-4653-ba55-5f855dd0fb88",
        "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3",
    ];

    private static readonly Dictionary<string, (string Role, string ScopeType)> Needed = new(StringComparer.OrdinalIgnoreCase)
    {
        [BlobDataReader] = ("Storage Blob Data Reader", "Microsoft.Storage/storageAccounts/blobServices/containers"),
        [BlobDataContributor] = ("Storage Blob Data Contributor", "Microsoft.Storage/storageAccounts/blobServices/containers"),
        ["974c5e8b-45b9-4653-ba55-5f855dd0fb88"] = ("Storage Queue Data Contributor", "Microsoft.Storage/storageAccounts/queueServices/queues"),
        ["0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"] = ("Storage Table Data Contributor", "Microsoft.Storage/storageAccounts/tableServices/tables"),
        ["4633458b-17de-408a-b874-0445c86b69e6"] = ("Key Vault Secrets User", "Microsoft.KeyVault/vaults"),
        ["3913510d-42f4-4e42-8a64-420c390055eb"] = ("Monitoring Metrics Publisher", "Microsoft.Insights/components"),
        // Only when enableTranslator is true: call the Translator account, no keys.
        ["a97b65f3-24c7-4388-baec-2e87135dc908"] = ("Cognitive Services User", "Microsoft.CognitiveServices/accounts"),
    };

    private sealed record Assignment(
        string Template, string RoleId, string RoleDefinition, string Scope, string Name, string PrincipalId, string PrincipalType, string? LoopCount);

    private static List<Assignment> Assignments() =>
    [
        .. CompiledMain.Template.SelfAndModules().SelectMany(template => template
            .ResourcesOfType("Microsoft.Authorization/roleAssignments")
            .Select(resource =>
            {
                var properties = resource.GetProperty("properties");
                var rawRoleDefinition = properties.GetProperty("roleDefinitionId").GetString()!;
                var roleDefinition = template.Resolve(rawRoleDefinition);
                var roleId = RoleGuid().Match(roleDefinition);
                Assert.True(roleId.Success, $"{template.Path}: cannot read a role id from {roleDefinition}");
                return new Assignment(
                    template.Path,
                    roleId.Value,
                    rawRoleDefinition,
                    resource.TryGetProperty("scope", out var scope) ? scope.GetString()! : string.Empty,
                    resource.GetProperty("name").GetString()!,
                    properties.GetProperty("principalId").GetString()!,
                    properties.GetProperty("principalType").GetString()!,
                    resource.TryGetProperty("copy", out var copy) ? copy.GetProperty("count").GetString() : null);
            })),
    ];

    [Fact]
    public void GrantsExactlyTheRolesTheIdentityNeeds()
    {
        var granted = Assignments().Select(assignment => assignment.RoleId.ToLowerInvariant()).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(Needed.Keys.Select(id => id.ToLowerInvariant()).Order(StringComparer.Ordinal), granted);
    }

    [Fact]
    public void ScopesEachRoleToTheResourceItCovers()
    {
        Assert.All(Assignments(), assignment =>
        {
            var (role, scopeType) = Needed[assignment.RoleId];
            Assert.True(
                assignment.Scope.Contains($"'{scopeType}'", StringComparison.OrdinalIgnoreCase),
                $"{role} is scoped to '{assignment.Scope}', expected a {scopeType}.");
        });
    }

    [Fact]
    public void NamesEachAssignmentFromScopePrincipalAndRole()
    {
        Assert.All(Assignments(), assignment =>
        {
            // guid(scope.id, principalId, roleDefinitionId)
            Assert.Equal(
                $"[guid({Inner(assignment.Scope)}, {Inner(assignment.PrincipalId)}, {Inner(assignment.RoleDefinition)})]",
                assignment.Name);
            Assert.Equal("ServicePrincipal", assignment.PrincipalType);
        });
    }

    [Fact]
    public void NoStorageRoleCoversTheWholeAccount_AndBlobDataOwnerIsNeverGranted()
    {
        Assert.DoesNotContain(Assignments(), a => a.RoleId.Equals(AccountWideStorageRoles[0], StringComparison.OrdinalIgnoreCase));
        Assert.All(
            Assignments().Where(a => AccountWideStorageRoles.Contains(a.RoleId, StringComparer.OrdinalIgnoreCase)),
            a => Assert.DoesNotContain("resourceId('Microsoft.Storage/storageAccounts', ", a.Scope, StringComparison.Ordinal));
    }

    [Fact]
    public void TheDeploymentContainerIsReadOnly_AndTheHostsOwnContainersAreSeparateAndDeclared()
    {
        var reader = Assert.Single(Assignments(), a => a.RoleId == BlobDataReader);
        var contributor = Assert.Single(Assignments(), a => a.RoleId == BlobDataContributor);
        var roles = CompiledMain.Template.ResourcesOfType("Microsoft.Resources/deployments").Single(d => d.GetProperty("name").GetString() == "roles");

        Assert.Null(reader.LoopCount);
        Assert.EndsWith("parameters('deploymentContainerName'))]", reader.Scope, StringComparison.Ordinal);
        Assert.Equal("[variables('names').deploymentContainer]", roles.GetProperty("properties").GetProperty("parameters").GetProperty("deploymentContainerName").GetProperty("value").GetString());
        Assert.Equal("[length(variables('hostContainerNames'))]", contributor.LoopCount);
        var hostContainers = CompiledMain.Module("roles").Variable("hostContainerNames").EnumerateArray().Select(n => n.GetString()).ToList();
        Assert.Equal(["azure-webjobs-hosts", "azure-webjobs-secrets"], hostContainers);
        Assert.Equal(hostContainers, CompiledMain.Module("storage").Variable("hostContainerNames").EnumerateArray().Select(n => n.GetString()));
    }

    [Theory]
    [InlineData("974c5e8b-45b9-4653-ba55-5f855dd0fb88", "queueNames")]
    [InlineData("0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "tableNames")]
    public void QueueAndTableRolesAreOneAssignmentPerQueueOrTableTheStorageModuleDeclares(string roleId, string names)
    {
        var assignment = Assert.Single(Assignments(), a => a.RoleId == roleId);

        Assert.Equal($"[length(variables('{names}'))]", assignment.LoopCount);
        Assert.Contains($"variables('{names}')[copyIndex()]", assignment.Scope, StringComparison.Ordinal);
        Assert.Equal(
            CompiledMain.Module("storage").Variable(names).EnumerateArray().Select(n => n.GetString()),
            CompiledMain.Module("roles").Variable(names).EnumerateArray().Select(n => n.GetString()));
    }

    private static string Inner(string expression) => expression.TrimStart('[').TrimEnd(']');

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex RoleGuid();
}
