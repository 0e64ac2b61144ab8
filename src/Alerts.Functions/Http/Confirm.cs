using Alerts.Core.Officials;
using Alerts.Core.Statements;
using Alerts.Core.Subscriptions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Alerts.Functions.Http;

/// <summary>
/// HTTP <c>/api/confirm?token=</c>: GET asks the reader to press Confirm (link scanners that fetch every URL
/// in an email must not confirm on their own); POST activates the subscription. Once confirmed, the link
/// only says so: it mints no fresh preferences link (those come in each email).
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
            return await subscriptions.CheckConfirmAsync(token, cancellationToken) switch
            {
                LinkOutcome.Done => PageResults.Html(request, pages.ConfirmPrompt(token!)),
                LinkOutcome.AlreadyConfirmed => PageResults.Html(request, pages.AlreadyConfirmed()),
                _ => PageResults.Html(request, pages.InvalidLink(), StatusCodes.Status400BadRequest),
            };
        }

        var (outcome, subscription) = await subscriptions.ConfirmAsync(token, cancellationToken);
        if (outcome == LinkOutcome.AlreadyConfirmed)
        {
            return PageResults.Html(request, pages.AlreadyConfirmed());
        }

        if (outcome != LinkOutcome.Done || subscription is null)
        {
            return PageResults.Html(request, pages.InvalidLink(), StatusCodes.Status400BadRequest);
        }

        var preferences = subscriptions.LinkToken(SubscriptionTokens.Preferences, subscription);
        return PageResults.Html(request, pages.Confirmed(subscription, preferences, await officials.ListAsync(cancellationToken)));
    }
}
