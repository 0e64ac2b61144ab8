using Alerts.Core.Pipeline;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Alerts.Functions.Http;

/// <summary>GET /api/health: storage reachability and queue backlogs; 503 when storage cannot be reached. Reveals no data.</summary>
public sealed class Health(HealthReporter reporter, ILogger<Health> logger)
{
    [Function(nameof(Health))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var report = await reporter.CheckAsync(cancellationToken);

        // The availability test calls this every few minutes: these lines are the per-queue backlog the ops workbook charts
        // (Azure Monitor has only one hourly message count for the whole storage account).
        foreach (var (queue, backlog) in report.Queues)
        {
            logger.LogInformation("Queue {Queue} backlog {Backlog}, poison {Poison}", queue, backlog.Backlog, backlog.Poison);
        }

        return new ObjectResult(report) { StatusCode = report.StorageReachable ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable };
    }
}
