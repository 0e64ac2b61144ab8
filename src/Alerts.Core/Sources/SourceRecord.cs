namespace Alerts.Core.Sources;

/// <summary>A source as stored: what it is, and where polling of it stands.</summary>
public sealed record SourceRecord(SourceDefinition Definition, SourceCheckpoint Checkpoint, IReadOnlyList<string> SeenItems);
