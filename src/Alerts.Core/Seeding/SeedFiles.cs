namespace Alerts.Core.Seeding;

/// <summary>The shapes of the JSON files in <c>seeds/</c>.</summary>
public sealed record OfficialSeed(string Id, string Name, List<string>? Aliases, string? Role, string? Country, string? XUserId, List<string>? Accounts = null);

public sealed record SourceSeed(string Id, string Name, string Kind, string Location, int? PollIntervalMinutes, bool? Enabled, string? Selector = null);

public sealed record SubscriberSeed(string Email, List<string>? Officials, string? MinimumLevel, List<string>? Categories, string? Mode);
