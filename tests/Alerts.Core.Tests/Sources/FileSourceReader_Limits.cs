using System.Text;
using Alerts.Core.Sources;
using Alerts.Local.Sources;
using Microsoft.Extensions.Options;

namespace Alerts.Core.Tests.Sources;

public sealed class FileSourceReader_Limits : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("alerts-file-source-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task<SourceReadResult> ReadAsync(string path, long cap) =>
        await new FileSourceReader(new FeedParser(), Options.Create(new FetchOptions { MaxResponseBytes = cap })).ReadAsync(
            new SourceDefinition("f", "f", SourceKind.File, path, TimeSpan.FromMinutes(5)), SourceCheckpoint.Empty, TestContext.Current.CancellationToken);

    [Fact]
    public async Task AFileLargerThanTheBodyCapIsRefusedWithoutBeingParsed()
    {
        var path = Path.Combine(_folder, "big.xml");
        await File.WriteAllTextAsync(path, "<rss version='2.0'><channel>" + new string(' ', 5_000) + "</channel></rss>", TestContext.Current.CancellationToken);

        var result = await ReadAsync(path, cap: 2_048);

        Assert.Equal(SourceReadStatus.Failed, result.Status);
        Assert.Equal($"file of {new FileInfo(path).Length} bytes exceeds the cap of 2048", result.Error);
    }

    [Fact]
    public async Task AFileNestedTooDeepFailsWithTheParsersReason()
    {
        var path = Path.Combine(_folder, "deep.xml");
        await File.WriteAllBytesAsync(path, FeedParser_HostileNesting.NestedHtmlInCdataFeed(100_000), TestContext.Current.CancellationToken);

        var result = await ReadAsync(path, cap: 10_000_000);

        Assert.Equal(SourceReadStatus.Failed, result.Status);
        Assert.Contains("nests deeper", result.Error, StringComparison.Ordinal);
    }
}
