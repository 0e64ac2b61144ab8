using Alerts.Functions;

namespace Alerts.Functions.Tests;

/// <summary>The Function app's own log lines keep the conventions Alerts.Core's do (LoggerMessage_EventIds there).</summary>
public sealed class FunctionsLog_EventIds
{
    [Fact]
    public void EventIdsAreUniqueInTheFunctionAppsRangeAndListedInTheOperationsGuide()
    {
        var events = LogEvents.In(typeof(AlertsFunctionsApp).Assembly);

        Assert.Equal(["HttpFunctionFailed", "QueueBacklog", "StaleDeliveriesReconciled", "StorageNotCreatedAtStart"], events.Select(e => e.Name).Order(StringComparer.Ordinal));
        LogEvents.AssertConventions(typeof(AlertsFunctionsApp).Assembly);
    }
}
