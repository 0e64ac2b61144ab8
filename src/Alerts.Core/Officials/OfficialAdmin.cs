using Alerts.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Alerts.Core.Officials;

/// <summary>
/// Operator tasks on the watched officials behind the CLI (<c>officials</c>) and the function-key HTTP
/// endpoints (<c>/api/manage/officials</c>): list, add or update, remove. Both hosts call these methods,
/// so both refuse the same input with the same words.
/// </summary>
public sealed class OfficialAdmin(OfficialStore store, ILogger<OfficialAdmin> logger)
{
    public Task<IReadOnlyList<Official>> ListAsync(CancellationToken cancellationToken) => store.ListAsync(cancellationToken);

    public Task<Official?> GetAsync(string id, CancellationToken cancellationToken) =>
        TableKeys.IsValid(id) ? store.GetAsync(id, cancellationToken) : Task.FromResult<Official?>(null);

    /// <summary>
    /// Validates every field, then adds or replaces the official; nothing is read or written when a field is wrong.
    /// <paramref name="keepXUserId"/>: an input without an X user id keeps the stored one (the CLI has no option for it).
    /// </summary>
    public async Task<OfficialAdminResult> AddAsync(OfficialInput input, CancellationToken cancellationToken, bool keepXUserId = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = input.Validate();
        if (errors.Count > 0)
        {
            return new OfficialAdminResult(null, errors);
        }

        var id = input.Id!.Trim();
        var xUserId = input.XUserId ?? (keepXUserId ? (await store.GetAsync(id, cancellationToken))?.XUserId : null);
        var official = new Official(id, input.Name!.Trim(), input.Aliases ?? [], input.Role, input.Country, xUserId, SocialAccounts.NormalizeAll(input.Accounts ?? []));
        await store.UpsertAsync(official, cancellationToken);
        logger.LogAdminAddedOfficial(official.Id);
        return new OfficialAdminResult(official, errors);
    }

    /// <summary>Stops watching the official; false when there is no such official.</summary>
    public async Task<bool> RemoveAsync(string id, CancellationToken cancellationToken)
    {
        if (await GetAsync(id, cancellationToken) is null || !await store.DeleteAsync(id, cancellationToken))
        {
            return false;
        }

        logger.LogAdminRemovedOfficial(id);
        return true;
    }
}

/// <summary>An official as an operator sends it (JSON body or command-line arguments).</summary>
public sealed record OfficialInput(string? Id, string? Name, IReadOnlyList<string>? Aliases, string? Role, string? Country, string? XUserId = null, IReadOnlyList<string>? Accounts = null)
{
    public const int MaxIdChars = 100;
    public const int MaxNameChars = 200;
    public const int MaxAliases = 50;
    public const int MaxAccounts = 20;

    /// <summary>The problem of each field, by its JSON name; empty when the input is acceptable.</summary>
    public IReadOnlyDictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(Id) || !TableKeys.IsValid(Id.Trim()) || Id.Length > MaxIdChars || Id.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '-')))
        {
            errors["id"] = [$"id must be 1-{MaxIdChars} characters of a-z, 0-9 and '-', e.g. khawaja-asif."];
        }

        if (string.IsNullOrWhiteSpace(Name) || Name.Length > MaxNameChars)
        {
            errors["name"] = [$"name is required (at most {MaxNameChars} characters)."];
        }

        if ((Aliases?.Count ?? 0) > MaxAliases)
        {
            errors["aliases"] = [$"at most {MaxAliases} aliases."];
        }

        if (XUserId is not null && (XUserId.Length is 0 or > 19 || !XUserId.All(char.IsAsciiDigit)))
        {
            errors["xUserId"] = ["xUserId must be 1-19 digits."];
        }

        if ((Accounts?.Count ?? 0) > MaxAccounts)
        {
            errors["accounts"] = [$"at most {MaxAccounts} accounts."];
        }
        else if (Accounts?.Select(a => a is null ? "an account is null." : SocialAccounts.Problem(a)).FirstOrDefault(p => p is not null) is { } problem)
        {
            errors["accounts"] = [problem];
        }

        return errors;
    }
}

/// <summary>The official as stored, or the problem of each field.</summary>
public sealed record OfficialAdminResult(Official? Official, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool IsValid => Errors.Count == 0;
}
