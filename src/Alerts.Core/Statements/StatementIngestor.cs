using System.Globalization;
using Alerts.Core.Configuration;
using Alerts.Core.Officials;
using Alerts.Core.Sources;
using Alerts.Core.Storage;
using Alerts.Core.Threats;
using Microsoft.Extensions.Logging;

namespace Alerts.Core.Statements;

/// <summary>
/// Push ingest: another system posts a statement it already attributes to a watched official
/// (<c>{official, text, url, published, source?}</c>; the Functions project reads the HTTP body into an
/// <see cref="IngestRequest"/>). Input is checked field by field with reasons a caller can act on; an accepted statement goes through <see cref="StatementIntake"/> like a polled one
/// (the same near-duplicate resolution and judging), so a pushed copy of a known statement adds a source
/// rather than a second alert.
/// </summary>
public sealed class StatementIngestor(OfficialStore officials, StatementIntake intake, TimeProvider time, ILogger<StatementIngestor> logger)
{
    public const int MaxTextChars = 10_000;
    public const int MaxUrlChars = 2_000;
    public const int MaxSourceChars = 100;

    /// <summary>Checks every field (the problem of each, by its JSON name), then takes the statement in like a polled one.</summary>
    public async Task<IngestOutcome> IngestAsync(IngestRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var now = time.GetUtcNow();

        var text = CheckText(request.Text, errors);
        var url = CheckUrl(request.Url, errors);
        var published = CheckPublished(request.Published, now, errors);
        var sourceName = CheckSource(request.Source, errors);
        var official = await FindOfficialAsync(request.Official, errors, cancellationToken);
        if (errors.Count > 0 || official is null || text is null || url is null)
        {
            return IngestOutcome.Invalid("the statement was not accepted", errors);
        }

        var draft = Draft(official, sourceName, url, text, published, now);
        var statementId = (await intake.AcceptAsync(draft, text, new SpeakerContext(official.Name, official.Aliases), cancellationToken)).StatementId;
        logger.StatementIngested(statementId, official.Id, sourceName, draft.CorrelationId);
        return IngestOutcome.Accepted(statementId);
    }

    private static string? CheckText(string? given, Dictionary<string, string[]> errors)
    {
        var text = given?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            errors["text"] = ["text is required"];
        }
        else if (text.Length > MaxTextChars)
        {
            errors["text"] = [$"text is {text.Length} characters; at most {MaxTextChars} are accepted"];
        }

        return text;
    }

    private static Uri? CheckUrl(string? given, Dictionary<string, string[]> errors)
    {
        Uri? url = null;
        if (string.IsNullOrWhiteSpace(given))
        {
            errors["url"] = ["url is required (where the statement was published)"];
        }
        else if (given.Length > MaxUrlChars || !Uri.TryCreate(given.Trim(), UriKind.Absolute, out url) || url.Scheme is not ("http" or "https"))
        {
            errors["url"] = [$"url must be an absolute http(s) URL of at most {MaxUrlChars} characters"];
        }

        return url;
    }

    private static DateTimeOffset? CheckPublished(string? given, DateTimeOffset now, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(given))
        {
            errors["published"] = ["published is required (RFC 3339, e.g. 2025-10-29T16:00:00Z)"];
        }
        else if (!DateTimeOffset.TryParse(given, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            errors["published"] = [$"published '{given}' is not a date and time (RFC 3339, e.g. 2025-10-29T16:00:00Z)"];
        }
        else if (at > now.AddDays(1))
        {
            errors["published"] = ["published is in the future"];
        }
        else
        {
            return at;
        }

        return null;
    }

    private static string CheckSource(string? given, Dictionary<string, string[]> errors)
    {
        var sourceName = string.IsNullOrWhiteSpace(given) ? "push" : given.Trim();
        if (sourceName.Length > MaxSourceChars)
        {
            errors["source"] = [$"source is at most {MaxSourceChars} characters"];
        }

        return sourceName;
    }

    /// <summary>The one watched official the id, name or alias names; none or several is a field error.</summary>
    private async Task<Official?> FindOfficialAsync(string? given, Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(given))
        {
            errors["official"] = ["official is required (an official's id, name or alias)"];
            return null;
        }

        var matches = Match(await officials.ListAsync(cancellationToken), given);
        if (matches.Count == 0)
        {
            errors["official"] = [$"unknown official '{given}': not an id, name or alias of a watched official"];
        }
        else if (matches.Count > 1)
        {
            errors["official"] = [$"'{given}' matches several officials ({string.Join(", ", matches.Select(m => m.Id))}); send the id"];
        }
        else
        {
            return matches[0];
        }

        return null;
    }

    /// <summary>The candidate a checked request becomes: its source and item ids are stable, so a repeated push is the same item.</summary>
    private static StatementCandidate Draft(Official official, string sourceName, Uri url, string text, DateTimeOffset? published, DateTimeOffset now)
    {
        var sourceId = "push-" + TableKeys.Hash(sourceName.ToLowerInvariant(), 12);
        var correlationId = "ingest-" + now.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "-" + TableKeys.Hash(url.AbsoluteUri + text, 8);
        return new StatementCandidate(
            "",
            official.Id,
            official.Name,
            sourceId,
            sourceName,
            "push:" + TableKeys.Hash(url.AbsoluteUri + "\n" + text, 32),
            url.AbsoluteUri,
            null,
            text,
            published,
            now,
            correlationId);
    }

    /// <summary>An exact id first; else names and aliases, ignoring case and diacritics.</summary>
    private static List<Official> Match(IReadOnlyList<Official> all, string given)
    {
        var exact = all.Where(o => string.Equals(o.Id, given.Trim(), StringComparison.Ordinal)).ToList();
        if (exact.Count > 0)
        {
            return exact;
        }

        var folded = TextFolding.Fold(given.Trim());
        return all.Where(o => o.Aliases.Prepend(o.Name).Any(n => TextFolding.Fold(n.Trim()) == folded)).ToList();
    }
}

/// <summary>The posted body.</summary>
public sealed record IngestRequest(string? Official, string? Text, string? Url, string? Published, string? Source = null);

/// <summary>202 with the statement id, or 400 with a reason and the problem of each field.</summary>
public sealed record IngestOutcome(int Status, string? StatementId, string? Detail, IReadOnlyDictionary<string, string[]> Errors)
{
    public static IngestOutcome Accepted(string statementId) => new(202, statementId, null, new Dictionary<string, string[]>());

    public static IngestOutcome Invalid(string detail, IReadOnlyDictionary<string, string[]>? errors = null) =>
        new(400, null, detail, errors ?? new Dictionary<string, string[]>());
}
