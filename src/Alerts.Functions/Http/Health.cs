using Alerts.Core.Pipeline;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Alerts.Functions.Http;

/// <summary>GET /api/health: storage reachability and queue backlogs; 503 when storage cannot be reached. Reveals no data.</summary>
public sealed class Health(HealthReporter reporter)
{
    [Function(nameof(Health))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var report = await reporter.CheckAsync(cancellationToken);
        return new ObjectResult(report) { StatusCode = report.StorageReachable ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable };
    }
}
