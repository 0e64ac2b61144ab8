using Alerts.Core.Storage;

namespace Alerts.Core.Sources;

/// <summary>The <c>poll-requests</c> queue message: poll this source now.</summary>
public sealed record PollRequest(string SourceId, DateTimeOffset RequestedAt, string CorrelationId) : IValidatableMessage
{
    public string? Validate() => TableKeys.IsValid(SourceId) ? null : "sourceId is missing or not a valid key";
}
