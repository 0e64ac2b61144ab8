namespace Alerts.Core.Statements;

/// <summary>A watched official: the name, and every way the press refers to them.</summary>
public sealed record Official(
    string Id,
    string Name,
    IReadOnlyList<string> Aliases,
    string? Role = null,
    string? Country = null,
    string? XUserId = null);
