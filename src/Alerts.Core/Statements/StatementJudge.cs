using Alerts.Core.Threats;
using Alerts.Core.Translation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alerts.Core.Statements;

/// <summary>
/// Detect, translate when needed, judge. A statement in a language the judge reads is judged as it stands. One it
/// does not read is, when the translation stage is on, put into English and judged on the translation, with the
/// evidence mapped back onto the original where the sentences align; the original stays the statement's text. When
/// the stage is off or the translator fails, the statement is kept as not judged, the reason logged: it is never lost.
/// </summary>
public sealed class StatementJudge(
    IThreatAnalyzer analyzer,
    ITextTranslator translator,
    IOptions<TranslatorOptions> options,
    ILogger<StatementJudge> logger)
{
    public async Task<Judgment> JudgeAsync(string text, SpeakerContext? speaker, CancellationToken cancellationToken)
    {
        var analysis = analyzer.Analyze(text, speaker);
        if (analysis.Judged || !options.Value.Enabled)
        {
            return new Judgment(analysis, null);
        }

        var result = await translator.TranslateToEnglishAsync(text, analysis.Language, cancellationToken);
        if (result.Translation is not { } translation)
        {
            logger.LogTranslationFailed(analysis.Language, result.FailureReason);
            return new Judgment(analysis, null);
        }

        var onTranslation = analyzer.Analyze(translation.Text, speaker);
        if (!onTranslation.Judged)
        {
            logger.LogTranslationUnreadable(analysis.Language, onTranslation.Language);
            return new Judgment(analysis, null);
        }

        var evidence = EvidenceMapper.MapToOriginal(text, translation, onTranslation.Evidence);
        logger.LogJudgedOnTranslation(analysis.Language, onTranslation.Threat, evidence.Count(e => !e.InTranslation), evidence.Count);
        return new Judgment(onTranslation with { Evidence = evidence, Language = analysis.Language }, translation);
    }
}

/// <summary>The verdict, and the machine translation it was made on when there was one.</summary>
public sealed record Judgment(ThreatAnalysis Analysis, MachineTranslation? Translation);
