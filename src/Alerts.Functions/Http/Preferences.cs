using Alerts.Core.Officials;
using Alerts.Core.Statements;
using Alerts.Core.Subscriptions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Alerts.Functions.Http;

/// <summary>
/// HTTP <c>/api/preferences?token=</c>: GET shows the subscriber's filters; POST changes them, or with
/// <c>action=sign-out</c> signs out every preferences link issued so far (a forwarded email's link included).
/// The signed token is the only credential.
/// </summary>
public sealed class Preferences(SubscriptionService subscriptions, SubscriptionPages pages, OfficialStore officials)
{
    [Function(nameof(Preferences))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "preferences")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        string? token = request.Query["token"];
        var known = await officials.ListAsync(cancellationToken);
        if (HttpMethods.IsGet(request.Method))
        {
            var current = await subscriptions.ForPreferencesAsync(token, cancellationToken);
            return current is null
                ? PageResults.Html(request, pages.InvalidLink(), StatusCodes.Status400BadRequest)
                : PageResults.Html(request, pages.Preferences(current, token!, subscriptions.LinkToken(SubscriptionTokens.Unsubscribe, current), known));
        }

        var body = await RequestBodies.ReadAsync(request, cancellationToken);
        if (body.ErrorStatus is { } status)
        {
            return PageResults.Html(request, pages.Problem("Request refused", body.Error!), status);
        }

        if (body.Get("action") == "sign-out")
        {
            return await subscriptions.SignOutLinksAsync(token, cancellationToken) == LinkOutcome.Done
                ? PageResults.Html(request, pages.LinksSignedOut())
                : PageResults.Html(request, pages.InvalidLink(), StatusCodes.Status400BadRequest);
        }

        var form = body.ToForm();
        var (outcome, result, subscription) = await subscriptions.UpdatePreferencesAsync(token, form, cancellationToken);
        if (outcome != LinkOutcome.Done || subscription is null || result is null)
        {
            return PageResults.Html(request, pages.InvalidLink(), StatusCodes.Status400BadRequest);
        }

        var unsubscribe = subscriptions.LinkToken(SubscriptionTokens.Unsubscribe, subscription);
        return result.IsValid
            ? PageResults.Html(request, pages.Preferences(subscription, token!, unsubscribe, known, saved: true))
            : PageResults.Html(request, pages.Preferences(subscription, token!, unsubscribe, known, form, result.Errors), StatusCodes.Status400BadRequest);
    }
}
