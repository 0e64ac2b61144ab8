using Alerts.Core.Feeds;
using Alerts.Core.Subscriptions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Net.Http.Headers;

namespace Alerts.Functions.Http;

/// <summary>
/// HTTP <c>GET /api/feed/atom?token=</c> and <c>/api/feed/json?token=</c>: the subscription's alerts as Atom
/// (RFC 4287) or JSON Feed 1.1, with an ETag; a matching <c>If-None-Match</c> gets 304 before any statement is
/// read. An invalid, unsubscribed or unknown subscription answers like an invalid link.
/// </summary>
public sealed class AlertFeeds(AlertFeedBuilder feeds, SubscriptionPages pages)
{
    [Function(nameof(AlertFeeds))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "feed/{format}")] HttpRequest request,
        string format,
        CancellationToken cancellationToken)
    {
        if (format is not ("atom" or "json"))
        {
            return new NotFoundResult();
        }

        var resolved = await feeds.ResolveAsync(request.Query["token"], cancellationToken);
        if (resolved is null)
        {
            return PageResults.Html(request, pages.InvalidLink(), StatusCodes.Status400BadRequest);
        }

        var (subscription, alerts, etag) = resolved.Value;
        var headers = request.HttpContext.Response.Headers;
        headers.ETag = etag;

        // Private (the URL is a credential) and revalidated every time: readers poll, and the 304 is cheap.
        headers.CacheControl = "private, no-cache";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XContentTypeOptions = "nosniff";
        if (Matches(request, etag))
        {
            return new StatusCodeResult(StatusCodes.Status304NotModified);
        }

        var feed = await feeds.BuildAsync(subscription, alerts, etag, format, cancellationToken);
        return format == "atom"
            ? new ContentResult { Content = AtomFeedWriter.Write(feed), ContentType = AtomFeedWriter.ContentType, StatusCode = StatusCodes.Status200OK }
            : new ContentResult { Content = JsonFeedWriter.Write(feed), ContentType = JsonFeedWriter.ContentType, StatusCode = StatusCodes.Status200OK };
    }

    private static bool Matches(HttpRequest request, string etag) =>
        EntityTagHeaderValue.TryParseList(request.Headers.IfNoneMatch.Where(v => v is not null).Select(v => v!).ToList(), out var tags)
        && tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(EntityTagHeaderValue.Parse(etag), useStrongComparison: false));
}
