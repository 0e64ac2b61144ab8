namespace Alerts.Core.Officials;

/// <summary>
/// A watched official: the name, every way the press refers to them, and their own accounts. Posts on an
/// account in <see cref="Accounts"/> (<c>platform:id</c>, see <see cref="Sources.SocialAccounts"/>) are theirs.
/// </summary>
public sealed record Official(
    string Id,
    string Name,
    IReadOnlyList<string> Aliases,
    string? Role = null,
    string? Country = null,
    string? XUserId = null,
    IReadOnlyList<string>? Accounts = null);
