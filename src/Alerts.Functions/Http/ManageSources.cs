using System.Text.Json;
using Alerts.Core.Sources;
using Alerts.Core.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Alerts.Functions.Http;

/// <summary>
/// Operator endpoints (function key): <c>GET /api/manage/sources</c> lists every source with where its polling
/// stands (failures in a row, the last reason); <c>POST</c> adds or changes one (JSON: id, name, kind, location,
/// pollIntervalMinutes, enabled, selector), its location checked for its kind; <c>DELETE /api/manage/sources/{id}</c>
/// stops polling one.
/// </summary>
public sealed class ManageSources(SourceStore sources)
{
    [Function("ManageSources")]
    public async Task<IActionResult> ListOrAdd(
        [HttpTrigger(AuthorizationLevel.Function, "get", "post", Route = "manage/sources")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (HttpMethods.IsGet(request.Method))
        {
            var list = new List<SourceView>();
            await foreach (var record in sources.ListAsync(cancellationToken))
            {
                list.Add(SourceView.From(record));
            }

            return PageResults.Json(request, list);
        }

        var (input, problem) = await RequestBodies.ReadJsonAsync<SourceInput>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var (definition, error) = input?.ToDefinition() ?? (null, "Send a JSON object with id, kind and location.");
        if (definition is null)
        {
            return ProblemResults.Field(request, "source", error!);
        }

        await sources.UpsertDefinitionAsync(definition, cancellationToken);
        return PageResults.Json(request, SourceView.From(new SourceRecord(definition, SourceCheckpoint.Empty, [])), StatusCodes.Status201Created);
    }

    [Function("ManageSource")]
    public async Task<IActionResult> Remove(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "manage/sources/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        TableKeys.IsValid(id) && await sources.GetAsync(id, cancellationToken) is not null && await sources.DeleteAsync(id, cancellationToken)
            ? new NoContentResult()
            : new NotFoundResult();
}

/// <summary>A source as an operator sends it. File sources are local only and cannot be added here.</summary>
public sealed record SourceInput(string? Id, string? Name, string? Kind, string? Location, int? PollIntervalMinutes, bool? Enabled, string? Selector)
{
    public (SourceDefinition? Definition, string? Error) ToDefinition()
    {
        var id = Id?.Trim();
        if (string.IsNullOrEmpty(id) || !TableKeys.IsValid(id) || id.Length > 100 || id.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '-')))
        {
            return (null, "id must be 1-100 characters of a-z, 0-9 and '-', e.g. mod-russia-telegram.");
        }

        if (!Enum.TryParse<SourceKind>(Kind, ignoreCase: true, out var kind) || kind == SourceKind.File || int.TryParse(Kind, out _))
        {
            return (null, "kind must be feed, xuser, telegram, bluesky, mastodon or page.");
        }

        if (Name is { Length: > 200 })
        {
            return (null, "name: at most 200 characters.");
        }

        if (PollIntervalMinutes is < 1 or > 1_440)
        {
            return (null, "pollIntervalMinutes must be 1-1440.");
        }

        var selector = string.IsNullOrWhiteSpace(Selector) ? null : Selector.Trim();
        if (SourceLocations.Problem(kind, Location?.Trim(), selector) is { } problem)
        {
            return (null, problem);
        }

        return (new SourceDefinition(id, string.IsNullOrWhiteSpace(Name) ? id : Name.Trim(), kind, Location!.Trim(), TimeSpan.FromMinutes(PollIntervalMinutes ?? 5), Enabled ?? true, selector), null);
    }
}

/// <summary>A source as the admin lists it: its definition and where its polling stands.</summary>
public sealed record SourceView(string Id, string Name, string Kind, string Location, string? Selector, int PollIntervalMinutes, bool Enabled, DateTimeOffset? LastPolledAt, int ConsecutiveFailures, string? LastError, DateTimeOffset? LastErrorAt, DateTimeOffset? NextPollAt)
{
    public static SourceView From(SourceRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var d = record.Definition;
        var c = record.Checkpoint;
        return new SourceView(d.Id, d.Name, d.Kind.ToString(), d.Location, d.Selector, (int)d.PollInterval.TotalMinutes, d.Enabled, c.LastPolledAt, c.ConsecutiveFailures, c.LastError, c.LastErrorAt, c.NextPollAt);
    }
}
