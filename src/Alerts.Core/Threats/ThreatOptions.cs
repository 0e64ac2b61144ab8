namespace Alerts.Core.Threats;

/// <summary>Section <c>Threats</c>; <c>Threats__RulesPath</c> points at a rules file or a folder of <c>&lt;lang&gt;.json</c> files.</summary>
public sealed class ThreatOptions
{
    public const string SectionName = "Threats";

    /// <summary>When empty, the English rules embedded in Alerts.Core are used.</summary>
    public string? RulesPath { get; set; }
}
