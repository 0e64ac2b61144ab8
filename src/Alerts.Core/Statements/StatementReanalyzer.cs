using Alerts.Core.Officials;
using Alerts.Core.Threats;
using Alerts.Core.Translation;
using Microsoft.Extensions.Logging;

namespace Alerts.Core.Statements;

/// <summary>
/// Re-runs the analyser over stored statements after the rules change. It updates the stored analysis and
/// reports verdicts that changed; it sends nothing, because a late alert on old news would mislead.
/// </summary>
/// <remarks>
/// Each statement it re-judges also gets its timeline row written again, so the official's timeline marks the new
/// verdict; with <c>--all</c> that also puts statements stored before the timeline rows existed onto the timeline.
/// </remarks>
public sealed class StatementReanalyzer(IThreatAnalyzer analyzer, StatementStore statements, StatementTimeline timeline, OfficialStore officials, ILogger<StatementReanalyzer> logger)
{
    public async Task<ReanalysisReport> ReanalyzeAsync(bool all, CancellationToken cancellationToken)
    {
        var speakers = (await officials.ListAsync(cancellationToken)).ToDictionary(o => o.Id, o => new SpeakerContext(o.Name, o.Aliases), StringComparer.Ordinal);
        var examined = 0;
        var updated = 0;
        var changed = new List<VerdictChange>();
        await foreach (var statement in statements.ListAsync(null, cancellationToken))
        {
            examined++;
            if (!all && statement.Analysis.AnalyzerVersion == analyzer.Version)
            {
                continue;
            }

            var speaker = speakers.GetValueOrDefault(statement.OfficialId) ?? new SpeakerContext(statement.OfficialName, []);
            var analysis = statement.TranslatedText is { } translated ? OnTranslation(statement, translated, speaker) : analyzer.Analyze(statement.Text, speaker);
            await statements.UpdateAnalysisAsync(statement.Id, analysis, cancellationToken);
            await timeline.RecordAsync(statement with { Analysis = analysis }, cancellationToken);
            updated++;
            if (analysis.Threat != statement.Analysis.Threat || analysis.Level != statement.Analysis.Level)
            {
                changed.Add(new VerdictChange(statement.Id, statement.OfficialName, statement.Analysis.Level, analysis.Level));
            }
        }

        logger.LogReanalysed(updated, examined, analyzer.Version, changed.Count);
        return new ReanalysisReport(analyzer.Version, examined, updated, changed);
    }

    /// <summary>
    /// A machine-translated statement is re-judged on its stored translation, not re-translated. The sentence
    /// lengths are not stored, so its new evidence points into the translation and says so.
    /// </summary>
    private ThreatAnalysis OnTranslation(StoredStatement statement, string translated, SpeakerContext speaker)
    {
        var analysis = analyzer.Analyze(translated, speaker);
        if (!analysis.Judged)
        {
            return analyzer.Analyze(statement.Text, speaker);
        }

        var evidence = EvidenceMapper.MapToOriginal(statement.Text, new MachineTranslation(translated, statement.TranslatedFrom ?? statement.Analysis.Language, [], []), analysis.Evidence);
        return analysis with { Evidence = evidence, Language = statement.Analysis.Language };
    }
}

public sealed record VerdictChange(string StatementId, string Official, ThreatLevel Before, ThreatLevel After);

public sealed record ReanalysisReport(string AnalyzerVersion, int Examined, int Updated, IReadOnlyList<VerdictChange> Changed);
