using Alerts.Core.Storage;

namespace Alerts.Core.Sources;

/// <summary>Reads a feed document from disk. The file's hash plays the ETag, so an unchanged file reads as not modified.</summary>
public sealed class FileSourceReader(FeedParser parser) : ISourceReader
{
    public SourceKind Kind => SourceKind.File;

    public async Task<SourceReadResult> ReadAsync(SourceDefinition source, SourceCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        if (!File.Exists(source.Location))
        {
            return SourceReadResult.Failed($"file not found: {source.Location}");
        }

        var bytes = await File.ReadAllBytesAsync(source.Location, cancellationToken);
        var etag = "\"" + TableKeys.Hash(Convert.ToBase64String(bytes), 16) + "\"";
        if (etag == checkpoint.ETag)
        {
            return SourceReadResult.NotModified(etag, null);
        }

        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            return new SourceReadResult(SourceReadStatus.Ok, parser.Parse(stream), etag);
        }
        catch (FeedFormatException ex)
        {
            return SourceReadResult.Failed(ex.Message);
        }
    }
}
