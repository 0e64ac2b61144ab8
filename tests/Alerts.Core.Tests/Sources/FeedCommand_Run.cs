using System.Text.Json;
using Alerts.Cli;
using Alerts.Cli.Commands;
using Alerts.Local;

namespace Alerts.Core.Tests.Sources;

public sealed class FeedCommand_Run
{
    private static async Task<(int Exit, string Out, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await new FeedCommand().RunAsync(args, new CliConsole(TextReader.Null, output, error), TestContext.Current.CancellationToken);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task PrintsOneJsonLinePerItemWithTheOfficialsMatched()
    {
        var feed = Path.Combine(RepositoryRoot.Find(), "seeds", "feeds", "seed-news.xml");

        var (exit, output, _) = await RunAsync(feed);

        Assert.Equal(0, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        Assert.Equal("https://news.example.org/2025/10/29/pakistan-defence-minister-warns-taliban", first.RootElement.GetProperty("link").GetString());
        Assert.Equal("Khawaja Muhammad Asif", first.RootElement.GetProperty("officials")[0].GetString());
        Assert.StartsWith("2025-10-29T16:00:00", first.RootElement.GetProperty("published").GetString(), StringComparison.Ordinal);
        using var third = JsonDocument.Parse(lines[2]);
        Assert.Equal(0, third.RootElement.GetProperty("officials").GetArrayLength());
    }

    [Fact]
    public async Task ExitsNonZeroWithAOneLineReasonForAnHtmlPage()
    {
        var file = Path.Combine(Path.GetTempPath(), $"not-a-feed-{Guid.NewGuid():n}.html");
        await File.WriteAllTextAsync(file, "<!DOCTYPE html><html><body>Hello</body></html>", TestContext.Current.CancellationToken);
        try
        {
            var (exit, output, error) = await RunAsync(file);

            Assert.Equal(1, exit);
            Assert.Empty(output);
            Assert.Equal($"alerts feed: refused {file}: an HTML page, not a feed", error.TrimEnd());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task RefusesAUrlOnLoopbackUnlessAllowed()
    {
        var (exit, _, error) = await RunAsync("http://127.0.0.1:9/feed.xml");

        Assert.Equal(1, exit);
        Assert.Contains("is not a public address", error, StringComparison.Ordinal);
    }
}
