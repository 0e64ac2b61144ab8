namespace Alerts.Core.Sources;

/// <summary>Reads one kind of source. Implementations never throw for bad input; they return a failed result.</summary>
public interface ISourceReader
{
    SourceKind Kind { get; }

    Task<SourceReadResult> ReadAsync(SourceDefinition source, SourceCheckpoint checkpoint, CancellationToken cancellationToken);
}
