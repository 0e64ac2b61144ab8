using System.Text.Json;
using System.Text.Json.Serialization;

namespace Alerts.Core.Threats;

/// <summary>
/// The stable JSON contract of <c>classify</c>:
/// <c>{"threat","severity","level","categories","evidence":[{"start","end","text","category","rule"}],"language","judged"}</c>.
/// <c>language</c> is ISO 639-1 (or <c>und</c>); <c>judged</c> is false when the judge does not read that language,
/// so a <c>"threat": false</c> there means "not read", never "read and found nothing".
/// </summary>
public static class ThreatAnalysisJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static Dictionary<string, object?> ToContract(ThreatAnalysis analysis, string? id = null)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (id is not null)
        {
            result["id"] = id;
        }

        result["threat"] = analysis.Threat;
        result["severity"] = analysis.Severity;
        result["level"] = analysis.Level.ToString().ToLowerInvariant();
        result["categories"] = analysis.Categories;
        result["evidence"] = analysis.Evidence.Select(e => new Dictionary<string, object>
        {
            ["start"] = e.Start,
            ["end"] = e.End,
            ["text"] = e.Text,
            ["category"] = e.Category,
            ["rule"] = e.Rule,
        }).ToList();
        result["language"] = analysis.Language;
        result["judged"] = analysis.Judged;
        return result;
    }

    public static string Serialize(ThreatAnalysis analysis, string? id = null) =>
        JsonSerializer.Serialize(ToContract(analysis, id), Options);
}
