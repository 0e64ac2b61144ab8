using Microsoft.Extensions.Logging;

namespace Alerts.Core.Statements;

/// <summary>
/// The Statements folder's log lines (event ids 1100-1199, listed in docs/operations.md). The judge runs inside the
/// <c>statements</c> stage's logging scope, which carries the <c>CorrelationId</c>; intake keeps it in its template
/// because push ingest reaches it without a scope.
/// </summary>
internal static partial class StatementsLog
{
    [LoggerMessage(EventId = 1100, EventName = "NearDuplicateFound", Level = LogLevel.Information,
        Message = "Statement {StatementId} by {OfficialId} is a near-duplicate of {CanonicalId}")]
    public static partial void LogNearDuplicateFound(this ILogger logger, string statementId, string officialId, string canonicalId);

    [LoggerMessage(EventId = 1101, EventName = "StoredNotThreat", Level = LogLevel.Debug,
        Message = "Statement {StatementId} by {OfficialId} is not a threat; stored ({CorrelationId})")]
    public static partial void LogStoredNotThreat(this ILogger logger, string statementId, string officialId, string correlationId);

    [LoggerMessage(EventId = 1102, EventName = "Reanalysed", Level = LogLevel.Information,
        Message = "Re-analysed {Updated} of {Examined} statements with analyser {Version}; {Changed} verdicts changed")]
    public static partial void LogReanalysed(this ILogger logger, int updated, int examined, string version, int changed);

    [LoggerMessage(EventId = 1103, EventName = "TranslationFailed", Level = LogLevel.Warning,
        Message = "Statement in {Language} kept not judged: translation failed, {Reason}")]
    public static partial void LogTranslationFailed(this ILogger logger, string language, string? reason);

    [LoggerMessage(EventId = 1104, EventName = "TranslationUnreadable", Level = LogLevel.Warning,
        Message = "Statement in {Language} kept not judged: its translation reads as {TranslatedLanguage}, not a language the judge reads")]
    public static partial void LogTranslationUnreadable(this ILogger logger, string language, string translatedLanguage);

    [LoggerMessage(EventId = 1105, EventName = "JudgedOnTranslation", Level = LogLevel.Information,
        Message = "Statement in {Language} judged on a machine translation: threat={Threat}, {Mapped} of {Evidence} findings mapped to the original")]
    public static partial void LogJudgedOnTranslation(this ILogger logger, string language, bool threat, int mapped, int evidence);

    [LoggerMessage(EventId = 1106, EventName = "NearDuplicateClaimContended", Level = LogLevel.Warning,
        Message = "Statement {StatementId} by {OfficialId} lost the near-duplicate index claim {Rounds} times; kept under its own id")]
    public static partial void LogNearDuplicateClaimContended(this ILogger logger, string statementId, string officialId, int rounds);
}
