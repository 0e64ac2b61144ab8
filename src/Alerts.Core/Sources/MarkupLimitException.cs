namespace Alerts.Core.Sources;

/// <summary>
/// Markup refused because it nests deeper than the parsers allow or takes longer than their time budget.
/// The message is one line, fit for a source's record.
/// </summary>
public sealed class MarkupLimitException(string message) : Exception(message);
