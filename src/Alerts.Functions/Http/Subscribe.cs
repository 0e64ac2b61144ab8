using Alerts.Core.Officials;
using Alerts.Core.Statements;
using Alerts.Core.Subscriptions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Alerts.Functions.Http;

/// <summary>
/// HTTP <c>/api/subscribe</c>: GET shows the form; POST (form or JSON) starts a double opt-in. The answer is
/// the same for new, pending, active and unsubscribed addresses, and takes the same time; only input errors
/// differ. Per-client and global hourly limits (counted in Table Storage, so they hold across instances)
/// answer 429 with Retry-After before anything else is done.
/// </summary>
public sealed class Subscribe(SubscriptionService subscriptions, SubscriptionPages pages, OfficialStore officials, SubscribeRateLimiter limiter)
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
        var client = ClientAddress.From(request.Headers["X-Forwarded-For"].ToString(), request.HttpContext.Connection.RemoteIpAddress);
        var decision = await limiter.TryAcquireAsync(client, cancellationToken);
        if (!decision.Allowed)
        {
            request.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(decision.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            const string message = "Too many sign-up requests; please try again later.";
            return json
                ? ProblemResults.Field(request, "request", message, StatusCodes.Status429TooManyRequests)
                : PageResults.Html(request, pages.Problem("Too many requests", message), StatusCodes.Status429TooManyRequests);
        }

        var body = await RequestBodies.ReadAsync(request, cancellationToken);
        if (body.ErrorStatus is { } status)
        {
            return json
                ? ProblemResults.Field(request, "body", body.Error!, status)
                : PageResults.Html(request, pages.Problem("Request refused", body.Error!), status);
        }

        var form = body.ToForm();
        var result = await subscriptions.SubscribeAsync(form, cancellationToken);
        if (!result.IsValid)
        {
            return json
                ? ProblemResults.Fields(request, result.Errors)
                : PageResults.Html(request, pages.Subscribe(known, form, result.Errors), StatusCodes.Status400BadRequest);
        }

        return json
            ? PageResults.Json(request, new { status = "check-your-inbox", message = "If the address can receive email, a confirmation link is on its way." }, StatusCodes.Status202Accepted)
            : PageResults.Html(request, pages.SubscribeSent());
    }
}
