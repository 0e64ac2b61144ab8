using Alerts.Core.Pipeline;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Alerts.Functions.Http;

/// <summary>
/// GET /api/health, anonymous: liveness only (healthy, or 503 when storage cannot be reached), at most one
/// storage call per <see cref="LivenessProbe.CacheFor"/>, no internal state. The queue backlogs are at
/// <see cref="HealthDetails"/>, behind a function key.
/// </summary>
public sealed class Health(LivenessProbe probe)
{
    [Function(nameof(Health))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var liveness = await probe.CheckAsync(cancellationToken);
        return new ObjectResult(liveness) { StatusCode = liveness.Healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable };
    }
}
