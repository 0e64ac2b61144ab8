namespace Alerts.Core.Translation;

/// <summary>Puts a statement into English. Never throws for the service's failures: it returns the reason instead.</summary>
public interface ITextTranslator
{
    Task<TranslationResult> TranslateToEnglishAsync(string text, string? from, CancellationToken cancellationToken);
}
