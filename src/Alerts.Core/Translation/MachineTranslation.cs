namespace Alerts.Core.Translation;

/// <summary>
/// A statement put into English by the translator. <paramref name="From"/> is the language it was translated from
/// (the one given, or the translator's own detection); the sentence lengths (UTF-16 units, in order, as Translator's
/// <c>sentLen</c>) align the original's sentences with the translation's, or are empty when none came back.
/// </summary>
public sealed record MachineTranslation(
    string Text,
    string From,
    IReadOnlyList<int> SourceSentenceLengths,
    IReadOnlyList<int> TranslatedSentenceLengths);

/// <summary>A translation, or the reason there is none (the statement is then stored not judged).</summary>
public sealed record TranslationResult(MachineTranslation? Translation, string? FailureReason)
{
    public static TranslationResult Success(MachineTranslation translation) => new(translation, null);

    public static TranslationResult Failure(string reason) => new(null, reason);
}
