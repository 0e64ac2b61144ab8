using System.Reflection;
using Alerts.Core.Configuration;
using Alerts.Local;

namespace Alerts.Core.Tests.Architecture;

/// <summary>
/// The log lines are source-generated (<c>[LoggerMessage]</c>, CA1848 refuses plain calls at build), one
/// <c>&lt;Folder&gt;Log</c> class per folder, with event ids in the folder's range and listed in docs/operations.md
/// (the Function app's are checked in Alerts.Functions.Tests; the CLI builds as `alerts`).
/// </summary>
public sealed class LoggerMessage_EventIds
{
    private static readonly Assembly[] Assemblies = [typeof(AlertsNames).Assembly, typeof(RepositoryRoot).Assembly, Assembly.Load("alerts")];

    [Fact]
    public void EveryFolderThatLogsDoesSoThroughItsOwnLogClass()
    {
        var owners = Assemblies.SelectMany(LogEvents.In).Select(e => e.Owner).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);

        Assert.Equal(["Alerts.Local", "Archive", "Delivery", "Email", "Officials", "Pipeline", "Statements", "Subscriptions"], owners.Where(o => o != "Sources"));
    }

    [Fact]
    public void EventIdsAreUniqueInTheirFoldersRangesAndListedInTheOperationsGuide() =>
        LogEvents.AssertConventions(Assemblies);

    [Fact]
    public void TheChecksCatchAnIdOutsideItsRangeAndAnUndocumentedOne()
    {
        var documented = LogEvents.Documented();

        Assert.Equal(("Error", "LedgerUnknown"), documented[1413]);
        Assert.DoesNotContain(1499, documented.Keys);
        Assert.Equal("Delivery", LogEvents.OwnerOf(typeof(Core.Delivery.AlertDeliverer)));
        Assert.Equal("Alerts.Local", LogEvents.OwnerOf(typeof(RepositoryRoot)));
        Assert.Equal("LocalLog", LogEvents.ClassOf("Alerts.Local"));
    }

    [Fact]
    public void TheQueueStagesTemplatesLeaveTheCorrelationIdToTheirScope()
    {
        // Only intake keeps it: push ingest reaches it without a scope.
        var repeating = Assemblies.SelectMany(LogEvents.In)
            .Where(e => e.Owner != "Sources" && e.Message.Contains("{CorrelationId}", StringComparison.Ordinal))
            .Select(e => e.Name);

        Assert.Equal(["StoredNotThreat"], repeating);
    }
}
