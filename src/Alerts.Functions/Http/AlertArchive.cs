using Alerts.Core.Archive;
using Alerts.Core.Subscriptions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Alerts.Functions.Http;

/// <summary>
/// HTTP <c>GET /api/alerts?token=&amp;official=&amp;level=&amp;category=</c>: the subscriber's alerts, newest
/// first, evidence highlighted, with feedback and timeline links. Read-only; the signed token is the credential.
/// </summary>
public sealed class AlertArchive(ArchiveService archive, ArchivePages pages, SubscriptionPages subscriptionPages)
{
    [Function(nameof(AlertArchive))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "alerts")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var result = await archive.ArchiveAsync(request.Query["token"], request.Query["official"], request.Query["level"], request.Query["category"], cancellationToken);
        return result is null
            ? PageResults.Html(request, subscriptionPages.InvalidLink(), StatusCodes.Status400BadRequest)
            : PageResults.Html(request, pages.Archive(result.Subscription, result.Filter, result.Items));
    }
}
