using Alerts.Core.Subscriptions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Alerts.Functions.Http;

/// <summary>
/// Operator endpoints (function key): <c>GET/POST /api/manage/subscribers</c> list and add;
/// <c>DELETE /api/manage/subscribers/{id}</c> removes (stops email, keeps the record);
/// <c>GET .../{id}/export</c> returns everything held as JSON; <c>DELETE .../{id}/data</c> erases it.
/// <c>{id}</c> is a subscription id or an address. ("admin" is reserved by the Functions host, hence "manage".)
/// </summary>
public sealed class ManageSubscribers(SubscriberAdmin admin)
{
    [Function("ManageSubscribers")]
    public async Task<IActionResult> ListOrAdd(
        [HttpTrigger(AuthorizationLevel.Function, "get", "post", Route = "manage/subscribers")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (HttpMethods.IsGet(request.Method))
        {
            return PageResults.Json(request, await admin.ListAsync(cancellationToken));
        }

        var body = await RequestBodies.ReadAsync(request, cancellationToken);
        if (body.ErrorStatus is { } status)
        {
            return ProblemResults.Field(request, "body", body.Error!, status);
        }

        var result = await admin.AddAsync(body.ToForm(), cancellationToken);
        return result.IsValid
            ? PageResults.Json(request, await admin.GetAsync(result.Email!, cancellationToken) ?? (object)new { }, StatusCodes.Status201Created)
            : ProblemResults.Fields(request, result.Errors);
    }

    [Function("ManageSubscriber")]
    public async Task<IActionResult> Remove(
        [HttpTrigger(AuthorizationLevel.Function, "get", "delete", Route = "manage/subscribers/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (HttpMethods.IsGet(request.Method))
        {
            return await admin.GetAsync(id, cancellationToken) is { } subscription
                ? PageResults.Json(request, subscription)
                : new NotFoundResult();
        }

        return await admin.RemoveAsync(id, cancellationToken) ? new NoContentResult() : new NotFoundResult();
    }

    [Function("ExportSubscriber")]
    public async Task<IActionResult> Export(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "manage/subscribers/{id}/export")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var json = await admin.ExportAsync(id, cancellationToken);
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return json is null ? new NotFoundResult() : new ContentResult { Content = json, ContentType = "application/json; charset=utf-8", StatusCode = 200 };
    }

    [Function("EraseSubscriber")]
    public async Task<IActionResult> Erase(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "manage/subscribers/{id}/data")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        await admin.EraseAsync(id, cancellationToken) ? new NoContentResult() : new NotFoundResult();
}
