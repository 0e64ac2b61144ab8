using Alerts.Core.Statements;
using Alerts.Core.Subscriptions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Alerts.Functions.Http;

/// <summary>
/// HTTP <c>/api/confirm?token=</c>: GET asks the reader to press Confirm (link scanners that fetch every URL
/// in an email must not confirm on their own); POST activates the subscription.
/// </summary>
public sealed class Confirm(SubscriptionService subscriptions, SubscriptionPages pages, OfficialStore officials)
{
    [Function(nameof(Confirm))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "confirm")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        string? token = request.Query["token"];
        if (HttpMethods.IsGet(request.Method))
        {
            return await subscriptions.CanConfirmAsync(token, cancellationToken)
                ? PageResults.Html(request, pages.ConfirmPrompt(token!))
                : PageResults.Html(request, pages.InvalidLink(), StatusCodes.Status400BadRequest);
        }

        var (outcome, subscription) = await subscriptions.ConfirmAsync(token, cancellationToken);
        if (outcome != LinkOutcome.Done || subscription is null)
        {
            return PageResults.Html(request, pages.InvalidLink(), StatusCodes.Status400BadRequest);
        }

        var preferences = subscriptions.LinkToken(SubscriptionTokens.Preferences, subscription);
        return PageResults.Html(request, pages.Confirmed(subscription, preferences, await officials.ListAsync(cancellationToken)));
    }
}
