using Microsoft.Extensions.Logging;

namespace Alerts.Core.Officials;

/// <summary>The Officials folder's log lines (event ids 1600-1699, listed in docs/operations.md).</summary>
internal static partial class OfficialsLog
{
    [LoggerMessage(EventId = 1600, EventName = "AdminAddedOfficial", Level = LogLevel.Information,
        Message = "Admin added official {OfficialId}")]
    public static partial void LogAdminAddedOfficial(this ILogger logger, string officialId);

    [LoggerMessage(EventId = 1601, EventName = "AdminRemovedOfficial", Level = LogLevel.Information,
        Message = "Admin removed official {OfficialId}")]
    public static partial void LogAdminRemovedOfficial(this ILogger logger, string officialId);
}
