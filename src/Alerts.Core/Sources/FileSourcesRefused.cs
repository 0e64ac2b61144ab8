namespace Alerts.Core.Sources;

/// <summary>
/// The <see cref="SourceKind.File"/> reader of hosts that must not read local files (the Function app):
/// every such source fails with a reason on its record instead of "no reader" or a read of the path.
/// </summary>
public sealed class FileSourcesRefused : ISourceReader
{
    public const string Reason = "File sources are read only by local hosts (CLI, demo, tests); this host never reads local paths";

    public SourceKind Kind => SourceKind.File;

    public Task<SourceReadResult> ReadAsync(SourceDefinition source, SourceCheckpoint checkpoint, CancellationToken cancellationToken) =>
        Task.FromResult(SourceReadResult.Failed(Reason));
}
