namespace Alerts.Core.Threats;

/// <summary>A rule that fired on a span, with the severity after hedging.</summary>
internal sealed record ThreatFinding(int Start, int End, string Text, string Category, string Rule, int Severity, int Sentence, bool Amplifier);
