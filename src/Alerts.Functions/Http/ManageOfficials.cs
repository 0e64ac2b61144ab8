using Alerts.Core.Officials;
using Alerts.Core.Statements;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Alerts.Functions.Http;

/// <summary>
/// Operator endpoints (function key): <c>GET/POST /api/manage/officials</c> list and add or update
/// (JSON: id, name, aliases, role, country, xUserId, accounts as <c>platform:id</c>); <c>DELETE /api/manage/officials/{id}</c> stops watching one.
/// The CLI's <c>officials</c> calls the same <see cref="OfficialAdmin"/>.
/// </summary>
public sealed class ManageOfficials(OfficialAdmin admin)
{
    [Function("ManageOfficials")]
    public async Task<IActionResult> ListOrAdd(
        [HttpTrigger(AuthorizationLevel.Function, "get", "post", Route = "manage/officials")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (HttpMethods.IsGet(request.Method))
        {
            return PageResults.Json(request, await admin.ListAsync(cancellationToken));
        }

        var (input, problem) = await RequestBodies.ReadJsonAsync<OfficialInput>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (input is null)
        {
            return ProblemResults.Field(request, "body", "Send a JSON object with id and name.");
        }

        var result = await admin.AddAsync(input, cancellationToken);
        return result.Official is { } official
            ? PageResults.Json(request, official, StatusCodes.Status201Created)
            : ProblemResults.Validation(request, "The official was not accepted.", result.Errors);
    }

    [Function("ManageOfficial")]
    public async Task<IActionResult> Remove(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "manage/officials/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        await admin.RemoveAsync(id, cancellationToken) ? new NoContentResult() : new NotFoundResult();
}
