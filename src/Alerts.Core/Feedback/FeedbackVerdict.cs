namespace Alerts.Core.Feedback;

/// <summary>What a subscriber says about an alert they received.</summary>
public enum FeedbackVerdict
{
    NotAThreat,
    WrongCategory,
    Useful,
}

/// <summary>The verdicts as they appear in links (<c>not-a-threat</c>) and on pages.</summary>
public static class FeedbackVerdicts
{
    public static IReadOnlyList<FeedbackVerdict> All { get; } = [FeedbackVerdict.NotAThreat, FeedbackVerdict.WrongCategory, FeedbackVerdict.Useful];

    public static string ToValue(FeedbackVerdict verdict) => verdict switch
    {
        FeedbackVerdict.NotAThreat => "not-a-threat",
        FeedbackVerdict.WrongCategory => "wrong-category",
        _ => "useful",
    };

    public static FeedbackVerdict? Parse(string? value) => value switch
    {
        "not-a-threat" => FeedbackVerdict.NotAThreat,
        "wrong-category" => FeedbackVerdict.WrongCategory,
        "useful" => FeedbackVerdict.Useful,
        _ => null,
    };

    public static string Label(FeedbackVerdict verdict) => verdict switch
    {
        FeedbackVerdict.NotAThreat => "Not a threat",
        FeedbackVerdict.WrongCategory => "Wrong category",
        _ => "Useful",
    };

    public static string Question(FeedbackVerdict verdict) => verdict switch
    {
        FeedbackVerdict.NotAThreat => "Tell us this alert is not a threat?",
        FeedbackVerdict.WrongCategory => "Tell us this alert has the wrong category?",
        _ => "Tell us this alert was useful?",
    };
}
