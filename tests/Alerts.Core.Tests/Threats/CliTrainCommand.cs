using Alerts.Cli;
using Alerts.Cli.Commands;
using Alerts.Local;

namespace Alerts.Core.Tests.Threats;

/// <summary><c>train</c> on a small slice: model file and card written, same input same bytes, bad arguments refused.</summary>
public sealed class CliTrainCommand : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("threat-train-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task TrainWritesTheSameModelTwiceAndACardNamingTheDataVersion()
    {
        var data = Path.Combine(_folder, "part-a.jsonl");
        var written = Path.Combine(SharedFiles.RepositoryRoot, "tests", "Alerts.Core.Tests", "Threats", "Data", "written-statements.jsonl");
        await File.WriteAllLinesAsync(data, Enumerable.Range(0, 12).Select(i =>
            $$"""{"id":"r{{i}}","text":"{{(i % 2 == 0 ? "We will strike their depots" : "The delegation discussed trade")}} number {{i}}.","label":"{{(i % 2 == 0 ? "threat" : "none")}}","source_url":"https://news.example/{{i}}","origin":"real"}"""),
            TestContext.Current.CancellationToken);

        var (code1, output, _) = await RunAsync(["train", "--no-cv", "--out", Path.Combine(_folder, "one"), Path.Combine(_folder, "part-*.jsonl"), written]);
        var (code2, _, _) = await RunAsync(["train", "--no-cv", "--out", Path.Combine(_folder, "two"), written, data]);

        Assert.Equal(0, code1);
        Assert.Equal(0, code2);
        var first = await File.ReadAllBytesAsync(Path.Combine(_folder, "one", "en.json"), TestContext.Current.CancellationToken);
        Assert.Equal(first, await File.ReadAllBytesAsync(Path.Combine(_folder, "two", "en.json"), TestContext.Current.CancellationToken));
        var card = await File.ReadAllTextAsync(Path.Combine(_folder, "one", "MODEL_CARD.md"), TestContext.Current.CancellationToken);
        var model = Alerts.Core.Threats.ThreatModel.FromBytes(first);
        Assert.Contains(model.Version, card, StringComparison.Ordinal);
        Assert.Contains(model.Parameters.DataVersion, card, StringComparison.Ordinal);
        Assert.Contains("12 real, 404 written", card, StringComparison.Ordinal);
        Assert.Contains(model.Version, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrainWithoutFilesIsAUsageError()
    {
        var (code, _, error) = await RunAsync(["train"]);

        Assert.Equal(2, code);
        Assert.Contains("at least one", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrainIsRegisteredInTheCommandList()
    {
        var (code, output, _) = await RunAsync(["help"]);

        Assert.Equal(0, code);
        Assert.Contains("train [--out DIR]", output, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(string[] args)
    {
        using var stdin = new StringReader(string.Empty);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var commands = CliCommands.All().Select(c => c is TrainCommand ? new TrainCommand(new HashingEmbedder()) : c).ToList();
        var code = await new CliApp(commands).RunAsync(args, new CliConsole(stdin, stdout, stderr), TestContext.Current.CancellationToken);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
