using Alerts.Core.Archive;
using Alerts.Core.Officials;
using Alerts.Core.Subscriptions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Alerts.Functions.Http;

/// <summary>
/// HTTP <c>/api/timeline?token=&amp;official=</c>: GET draws the official's last 90 days (server-rendered SVG);
/// POST (field <c>missed</c>) reports a statement the subscriber thinks we missed, then shows the page again.
/// </summary>
public sealed class OfficialTimeline(ArchiveService archive, ArchivePages pages, SubscriptionPages subscriptionPages)
{
    [Function(nameof(OfficialTimeline))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "timeline")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var target = await archive.TimelineAsync(request.Query["token"], request.Query["official"], cancellationToken);
        if (target is null)
        {
            return PageResults.Html(request, subscriptionPages.InvalidLink(), StatusCodes.Status400BadRequest);
        }

        if (HttpMethods.IsGet(request.Method))
        {
            return PageResults.Html(request, pages.Timeline(target.Subscription, target.Official, target.Days));
        }

        var body = await RequestBodies.ReadAsync(request, cancellationToken);
        if (body.ErrorStatus is { } status)
        {
            return PageResults.Html(request, subscriptionPages.Problem("Request refused", body.Error!), status);
        }

        var reported = await archive.ReportMissedAsync(target, body.Get("missed"), cancellationToken);
        return reported
            ? PageResults.Html(request, pages.Timeline(target.Subscription, target.Official, target.Days, reported: true))
            : PageResults.Html(request, pages.Timeline(target.Subscription, target.Official, target.Days, error: "Please say what was said, or paste a link to it."), StatusCodes.Status400BadRequest);
    }
}
