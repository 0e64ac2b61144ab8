using Alerts.Core.Statements;
using Alerts.Core.Subscriptions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Alerts.Functions.Http;

/// <summary>
/// HTTP <c>/api/subscribe</c>: GET shows the form; POST (form or JSON) starts a double opt-in. The answer is
/// the same for new, pending, active and unsubscribed addresses; only input errors differ.
/// </summary>
public sealed class Subscribe(SubscriptionService subscriptions, SubscriptionPages pages, OfficialStore officials)
{
    [Function(nameof(Subscribe))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "subscribe")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var known = await officials.ListAsync(cancellationToken);
        if (HttpMethods.IsGet(request.Method))
        {
            return PageResults.Html(request, pages.Subscribe(known));
        }

        var json = PageResults.WantsJson(request);
        var body = await RequestBodies.ReadAsync(request, cancellationToken);
        if (body.ErrorStatus is { } status)
        {
            return json
                ? PageResults.Json(request, new { errors = new Dictionary<string, string> { ["body"] = body.Error! } }, status)
                : PageResults.Html(request, pages.Problem("Request refused", body.Error!), status);
        }

        var form = body.ToForm();
        var result = await subscriptions.SubscribeAsync(form, cancellationToken);
        if (!result.IsValid)
        {
            return json
                ? PageResults.Json(request, new { errors = result.Errors }, StatusCodes.Status400BadRequest)
                : PageResults.Html(request, pages.Subscribe(known, form, result.Errors), StatusCodes.Status400BadRequest);
        }

        return json
            ? PageResults.Json(request, new { status = "check-your-inbox", message = "If the address can receive email, a confirmation link is on its way." }, StatusCodes.Status202Accepted)
            : PageResults.Html(request, pages.SubscribeSent());
    }
}
