using System.Text.Json;
using System.Text.Json.Serialization;
using Alerts.Core.Officials;
using Alerts.Core.Statements;

namespace Alerts.Core.Feedback;

/// <summary>
/// One line of <c>feedback export</c> (JSONL), written for a person to review. <see cref="SuggestedLabel"/> is
/// what the feedback says the label should be; <see cref="Review"/> starts as <c>pending</c>. Nothing reads
/// this file into training: a reviewer copies accepted lines into a labelled set (<c>id</c>, <c>text</c>,
/// <c>label</c>) by hand, and <c>eval --feedback</c> only reports on it.
/// </summary>
public sealed record FeedbackExportLine(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("official")] string Official,
    [property: JsonPropertyName("text")] string? Text,
    [property: JsonPropertyName("feedback")] string? Feedback,
    [property: JsonPropertyName("judge_threat")] bool? JudgeThreat,
    [property: JsonPropertyName("judge_level")] string? JudgeLevel,
    [property: JsonPropertyName("judge_categories")] IReadOnlyList<string>? JudgeCategories,
    [property: JsonPropertyName("suggested_label")] string? SuggestedLabel,
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("review")] string Review = "pending")
{
    private static readonly JsonSerializerOptions Options = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    public static FeedbackExportLine? FromJson(string line)
    {
        try
        {
            return JsonSerializer.Deserialize<FeedbackExportLine>(line, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>An export line for a stored entry; verdict lines carry the statement's text (null when the statement is gone).</summary>
    public static FeedbackExportLine From(FeedbackEntry entry, StoredStatement? statement) =>
        entry.Kind == FeedbackStore.MissedKind
            ? new FeedbackExportLine(FeedbackStore.MissedKind, "missed-" + Storage.TableKeys.Hash(entry.OfficialId + "\n" + entry.Text, 16), entry.OfficialId, entry.Text, "missed", null, null, null, "threat", entry.At)
            : new FeedbackExportLine(
                FeedbackStore.VerdictKind,
                entry.StatementId ?? "",
                entry.OfficialId,
                statement?.Text,
                entry.Verdict is { } v ? FeedbackVerdicts.ToValue(v) : null,
                entry.JudgeThreat,
                entry.JudgeLevel,
                entry.JudgeCategories,
                entry.Verdict switch
                {
                    FeedbackVerdict.NotAThreat => "none",
                    FeedbackVerdict.Useful => "threat",
                    _ => null,
                },
                entry.At);
}
