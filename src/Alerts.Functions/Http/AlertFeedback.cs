using Alerts.Core.Archive;
using Alerts.Core.Subscriptions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Alerts.Functions.Http;

/// <summary>
/// HTTP <c>/api/feedback?token=&amp;statement=&amp;verdict=</c> (not-a-threat, wrong-category, useful): GET shows
/// one button and records nothing, because mail scanners fetch every link; POST records the verdict, once per
/// subscriber and alert (again is harmless). Only alerts the subscriber received can be voted on.
/// </summary>
public sealed class AlertFeedback(ArchiveService archive, ArchivePages pages, SubscriptionPages subscriptionPages)
{
    [Function(nameof(AlertFeedback))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "feedback")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        string? token = request.Query["token"];
        var target = await archive.FeedbackTargetAsync(token, request.Query["statement"], request.Query["verdict"], cancellationToken);
        if (target is null)
        {
            return PageResults.Html(request, subscriptionPages.InvalidLink(), StatusCodes.Status400BadRequest);
        }

        if (HttpMethods.IsGet(request.Method))
        {
            return PageResults.Html(request, pages.FeedbackPrompt(token!, target.Statement, target.Verdict));
        }

        var archiveToken = await archive.RecordFeedbackAsync(target, cancellationToken);
        return PageResults.Html(request, pages.FeedbackThanks(archiveToken, target.Verdict));
    }
}
