using Alerts.Core.Pipeline;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Alerts.Functions.Http;

/// <summary>
/// GET /api/health/details, function key: storage reachability and the backlog of every queue and its
/// poison queue (13 storage calls), for operators and monitoring; 503 when storage cannot be reached.
/// </summary>
public sealed class HealthDetails(HealthReporter reporter, ILogger<HealthDetails> logger)
{
    [Function(nameof(HealthDetails))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "health/details")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var report = await reporter.CheckAsync(cancellationToken);

        // Monitoring calls this every few minutes: these lines are the per-queue backlog the ops workbook charts
        // (Azure Monitor has only one hourly message count for the whole storage account).
        foreach (var (queue, backlog) in report.Queues)
        {
            logger.LogQueueBacklog(queue, backlog.Backlog, backlog.Poison);
        }

        return new ObjectResult(report) { StatusCode = report.StorageReachable ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable };
    }
}
