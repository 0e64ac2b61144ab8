using System.Net.Mail;
using Alerts.Core.Officials;
using Alerts.Core.Statements;
using Alerts.Core.Threats;

namespace Alerts.Core.Subscriptions;

/// <summary>What a subscriber typed or sent, unchecked: the form fields or the JSON body of the subscribe and preferences endpoints.</summary>
public sealed record SubscriptionForm(
    string? Email,
    IReadOnlyList<string>? Officials,
    string? MinimumLevel,
    IReadOnlyList<string>? Categories,
    string? Mode,
    string? NotJudged = null);

/// <summary>Filters that passed validation. Empty lists mean "all".</summary>
public sealed record SubscriptionChoices(
    IReadOnlyList<string> OfficialIds,
    ThreatLevel MinimumLevel,
    IReadOnlyList<string> Categories,
    DeliveryMode Mode,
    bool IncludeNotJudged = false);

/// <summary>Either the validated choices (and the address, when asked for) or field errors a person can act on.</summary>
public sealed record SubscriptionFormResult(string? Email, SubscriptionChoices? Choices, IReadOnlyDictionary<string, string> Errors)
{
    public bool IsValid => Errors.Count == 0;

    /// <summary>Set by the operator's add: the id the subscriber was stored under.</summary>
    public string? SubscriptionId { get; init; }
}

/// <summary>
/// Checks subscribe and preferences input: a plausible, not over-long address; officials we watch;
/// a known level, categories and mode. Messages name the field and say what is accepted.
/// </summary>
public sealed class SubscriptionValidator(OfficialStore officials)
{
    public const int MaxEmailLength = 254;
    public const int MaxOfficials = 100;

    public static IReadOnlyList<ThreatLevel> Levels { get; } = [ThreatLevel.Low, ThreatLevel.Medium, ThreatLevel.High, ThreatLevel.Critical];

    public async Task<SubscriptionFormResult> ValidateAsync(SubscriptionForm form, bool requireEmail, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        string? email = null;
        if (requireEmail)
        {
            email = CheckEmail(form.Email, out var emailError);
            if (emailError is not null)
            {
                errors["email"] = emailError;
            }
        }

        var officialIds = await CheckOfficialsAsync(form.Officials, errors, cancellationToken);
        var level = CheckLevel(form.MinimumLevel, errors);
        var categories = CheckCategories(form.Categories, errors);
        var mode = CheckMode(form.Mode, errors);
        var notJudged = CheckNotJudged(form.NotJudged, errors);

        return errors.Count > 0
            ? new SubscriptionFormResult(email, null, errors)
            : new SubscriptionFormResult(email, new SubscriptionChoices(officialIds, level, categories, mode, notJudged), errors);
    }

    /// <summary>The watched officials chosen; empty (everyone) for none, "all" or an error.</summary>
    private async Task<List<string>> CheckOfficialsAsync(IEnumerable<string>? given, Dictionary<string, string> errors, CancellationToken cancellationToken)
    {
        var requested = (given ?? []).Select(o => o.Trim()).Where(o => o.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (requested.Count > MaxOfficials)
        {
            errors["officials"] = $"Choose at most {MaxOfficials} officials, or all.";
        }
        else if (!requested.Contains("all", StringComparer.OrdinalIgnoreCase) && requested.Count > 0)
        {
            var known = (await officials.ListAsync(cancellationToken)).Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
            var unknown = requested.Where(o => !known.Contains(o)).ToList();
            if (unknown.Count > 0)
            {
                errors["officials"] = $"Unknown official{(unknown.Count == 1 ? "" : "s")}: {string.Join(", ", unknown.Take(5).Select(Shorten))}. Choose from the list, or all.";
            }
            else
            {
                return requested;
            }
        }

        return [];
    }

    private static ThreatLevel CheckLevel(string? given, Dictionary<string, string> errors)
    {
        if (string.IsNullOrWhiteSpace(given))
        {
            return ThreatLevel.Medium;
        }

        var match = Levels.Where(l => string.Equals(l.ToString(), given.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
        if (match.Count == 1)
        {
            return match[0];
        }

        errors["minimumLevel"] = "Minimum level must be one of low, medium, high, critical.";
        return ThreatLevel.Medium;
    }

    private static List<string> CheckCategories(IEnumerable<string>? given, Dictionary<string, string> errors)
    {
        var categories = (given ?? []).Select(c => c.Trim()).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var badCategories = categories.Where(c => !ThreatCategories.All.Contains(c, StringComparer.Ordinal)).ToList();
        if (badCategories.Count > 0)
        {
            errors["categories"] = $"Unknown categor{(badCategories.Count == 1 ? "y" : "ies")}: {string.Join(", ", badCategories.Take(5).Select(Shorten))}. Accepted: {string.Join(", ", ThreatCategories.All)}.";
        }

        return categories;
    }

    private static DeliveryMode CheckMode(string? given, Dictionary<string, string> errors)
    {
        if (string.IsNullOrWhiteSpace(given))
        {
            return DeliveryMode.Immediate;
        }

        switch (given.Trim().ToLowerInvariant())
        {
            case "immediate":
                return DeliveryMode.Immediate;
            case "digest":
                return DeliveryMode.Digest;
            case "weekly" or "weeklydigest":
                return DeliveryMode.WeeklyDigest;
            default:
                errors["mode"] = "Delivery must be immediate, digest or weekly.";
                return DeliveryMode.Immediate;
        }
    }

    private static bool CheckNotJudged(string? given, Dictionary<string, string> errors)
    {
        switch (given?.Trim().ToLowerInvariant())
        {
            case null or "" or "false" or "off" or "no" or "0":
                return false;
            case "true" or "on" or "yes" or "1":
                return true;
            default:
                errors["notJudged"] = "Statements in other languages must be true or false.";
                return false;
        }
    }

    /// <summary>The address, trimmed, when it is one plain mailbox (no display name, no comments) of sane length.</summary>
    public static string? CheckEmail(string? input, out string? error)
    {
        var email = input?.Trim() ?? "";
        error = null;
        if (email.Length == 0)
        {
            error = "Enter your email address.";
        }
        else if (email.Length > MaxEmailLength)
        {
            error = $"That email address is too long (at most {MaxEmailLength} characters).";
        }
        else if (email.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
            || !MailAddress.TryCreate(email, out var address)
            || address.Address != email
            || address.DisplayName.Length > 0
            || address.User.Length > 64
            || !address.Host.Contains('.', StringComparison.Ordinal)
            || address.Host.StartsWith('.') || address.Host.EndsWith('.')
            || email.Contains('"', StringComparison.Ordinal))
        {
            error = "That does not look like an email address (name@example.org).";
        }

        return error is null ? email : null;
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..39] + "\u2026";
}
