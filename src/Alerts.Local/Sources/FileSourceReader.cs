using Alerts.Core.Sources;
using Alerts.Core.Storage;
using Microsoft.Extensions.Options;

namespace Alerts.Local.Sources;

/// <summary>
/// Reads a feed document from disk, for local hosts only (the CLI, the demo, tests): registered by
/// <see cref="LocalSourcesServiceCollectionExtensions.AddLocalFileSources"/>, never by the Function app, where
/// a source row would otherwise make the worker read any path it can. Capped like an HTTP body. The
/// file's hash plays the ETag, so an unchanged file reads as not modified.
/// </summary>
public sealed class FileSourceReader(FeedParser parser, IOptions<FetchOptions> options) : ISourceReader
{
    public SourceKind Kind => SourceKind.File;

    public async Task<SourceReadResult> ReadAsync(SourceDefinition source, SourceCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        var file = new FileInfo(source.Location);
        if (!file.Exists)
        {
            return SourceReadResult.Failed($"file not found: {source.Location}");
        }

        var cap = options.Value.MaxResponseBytes;
        if (file.Length > cap)
        {
            return SourceReadResult.Failed($"file of {file.Length} bytes exceeds the cap of {cap}");
        }

        var bytes = await File.ReadAllBytesAsync(source.Location, cancellationToken);
        if (bytes.LongLength > cap)
        {
            return SourceReadResult.Failed($"file of {bytes.LongLength} bytes exceeds the cap of {cap}");
        }

        var etag = "\"" + TableKeys.Hash(Convert.ToBase64String(bytes), 16) + "\"";
        if (etag == checkpoint.ETag)
        {
            return SourceReadResult.NotModified(etag, null);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.TimeoutSeconds));
        try
        {
            return new SourceReadResult(SourceReadStatus.Ok, parser.ParseWithin(bytes, null, timeout.Token), etag);
        }
        catch (FeedFormatException ex)
        {
            return SourceReadResult.Failed(ex.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return SourceReadResult.Failed($"parsing timed out after {options.Value.TimeoutSeconds} s");
        }
    }
}
