using System.Text.Json;
using Alerts.Core.Sources;
using Alerts.Core.Statements;
using Alerts.Core.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Alerts.Functions.Http;

/// <summary>
/// Operator endpoints (function key): <c>GET/POST /api/manage/officials</c> list and add or update
/// (JSON: id, name, aliases, role, country, xUserId, accounts as <c>platform:id</c>); <c>DELETE /api/manage/officials/{id}</c> stops watching one.
/// </summary>
public sealed class ManageOfficials(OfficialStore officials)
{
    [Function("ManageOfficials")]
    public async Task<IActionResult> ListOrAdd(
        [HttpTrigger(AuthorizationLevel.Function, "get", "post", Route = "manage/officials")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (HttpMethods.IsGet(request.Method))
        {
            return PageResults.Json(request, await officials.ListAsync(cancellationToken));
        }

        if (request.ContentLength > RequestBodies.MaxBytes)
        {
            return PageResults.Json(request, new { errors = new { body = "The request body is too large." } }, StatusCodes.Status413PayloadTooLarge);
        }

        OfficialInput? input;
        try
        {
            input = await JsonSerializer.DeserializeAsync<OfficialInput>(request.Body, QueueMessageJson.Options, cancellationToken);
        }
        catch (JsonException ex)
        {
            return PageResults.Json(request, new { errors = new { body = $"The JSON body does not parse: {ex.Message}" } }, StatusCodes.Status400BadRequest);
        }

        var error = input?.Validate();
        if (input is null || error is not null)
        {
            return PageResults.Json(request, new { errors = new { official = error ?? "Send a JSON object with id and name." } }, StatusCodes.Status400BadRequest);
        }

        var official = new Official(input.Id!.Trim(), input.Name!.Trim(), input.Aliases ?? [], input.Role, input.Country, input.XUserId, SocialAccounts.NormalizeAll(input.Accounts ?? []));
        await officials.UpsertAsync(official, cancellationToken);
        return PageResults.Json(request, official, StatusCodes.Status201Created);
    }

    [Function("ManageOfficial")]
    public async Task<IActionResult> Remove(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "manage/officials/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        TableKeys.IsValid(id) && await officials.GetAsync(id, cancellationToken) is not null && await officials.DeleteAsync(id, cancellationToken)
            ? new NoContentResult()
            : new NotFoundResult();
}

/// <summary>An official as an operator sends it.</summary>
public sealed record OfficialInput(string? Id, string? Name, IReadOnlyList<string>? Aliases, string? Role, string? Country, string? XUserId = null, IReadOnlyList<string>? Accounts = null)
{
    public string? Validate() =>
        string.IsNullOrWhiteSpace(Id) || !TableKeys.IsValid(Id.Trim()) || Id.Length > 100 || Id.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '-'))
            ? "id must be 1-100 characters of a-z, 0-9 and '-', e.g. khawaja-asif."
        : string.IsNullOrWhiteSpace(Name) || Name.Length > 200 ? "name is required (at most 200 characters)."
        : (Aliases?.Count ?? 0) > 50 ? "at most 50 aliases."
        : XUserId is not null && (XUserId.Length is 0 or > 19 || !XUserId.All(char.IsAsciiDigit)) ? "xUserId must be 1-19 digits."
        : (Accounts?.Count ?? 0) > 20 ? "at most 20 accounts."
        : Accounts?.Select(a => a is null ? "an account is null." : SocialAccounts.Problem(a)).FirstOrDefault(p => p is not null);
}
