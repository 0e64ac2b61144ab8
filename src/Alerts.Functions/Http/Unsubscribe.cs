using Alerts.Core.Subscriptions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Alerts.Functions.Http;

/// <summary>
/// HTTP <c>/api/unsubscribe?token=</c>: GET shows a one-button page; POST unsubscribes, whether from that
/// button or from a mailbox provider's RFC 8058 one-click (<c>List-Unsubscribe=One-Click</c>, no cookies,
/// no auth). Idempotent: a second POST answers the same.
/// </summary>
public sealed class Unsubscribe(SubscriptionService subscriptions, SubscriptionPages pages)
{
    [Function(nameof(Unsubscribe))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "unsubscribe")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        string? token = request.Query["token"];
        if (HttpMethods.IsGet(request.Method))
        {
            return subscriptions.IsGenuineUnsubscribeLink(token)
                ? PageResults.Html(request, pages.UnsubscribePrompt(token!))
                : PageResults.Html(request, pages.InvalidLink(), StatusCodes.Status400BadRequest);
        }

        // The body (List-Unsubscribe=One-Click, or the page's empty form) carries nothing we need; the token decides.
        var outcome = await subscriptions.UnsubscribeAsync(token, cancellationToken);
        return outcome == LinkOutcome.Done
            ? PageResults.Html(request, pages.Unsubscribed())
            : PageResults.Html(request, pages.InvalidLink(), StatusCodes.Status400BadRequest);
    }
}
