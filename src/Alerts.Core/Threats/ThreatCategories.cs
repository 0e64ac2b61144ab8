namespace Alerts.Core.Threats;

/// <summary>The CAMEO "Threaten" family (13x) as the product names it; the dev-set uses the same names.</summary>
public static class ThreatCategories
{
    public const string MilitaryForce = "military_force";
    public const string UnconventionalViolence = "unconventional_violence";
    public const string BlockadeOccupation = "blockade_occupation";
    public const string Ultimatum = "ultimatum";
    public const string SanctionsEconomic = "sanctions_economic";
    public const string HaltTalks = "halt_talks";
    public const string Repression = "repression";
    public const string NonspecificWarning = "nonspecific_warning";

    public static IReadOnlyList<string> All { get; } =
    [
        MilitaryForce, UnconventionalViolence, BlockadeOccupation, Ultimatum,
        SanctionsEconomic, HaltTalks, Repression, NonspecificWarning,
    ];
}
