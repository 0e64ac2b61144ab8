using System.Text.Json;
using Alerts.Cli;
using Alerts.Cli.Commands;

namespace Alerts.Core.Tests.Threats;

public sealed class CliThreatCommands : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("threat-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task ClassifyPrintsOneContractObjectForStandardInput()
    {
        var (code, output, _) = await RunAsync(["classify", "-"], "If they attack, our response will be crushing.");

        Assert.Equal(0, code);
        using var document = JsonDocument.Parse(output);
        var root = document.RootElement;
        Assert.True(root.GetProperty("threat").GetBoolean());
        Assert.InRange(root.GetProperty("severity").GetInt32(), 1, 100);
        Assert.Contains(root.GetProperty("level").GetString(), new[] { "low", "medium", "high", "critical" });
        Assert.Equal("crushing", root.GetProperty("evidence")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task ClassifyWithOfficialCreditsOnlyTheOfficial()
    {
        var file = Path.Combine(_folder, "article.txt");
        await File.WriteAllTextAsync(file, "Rahman said the harvest was good this year. General Khan warned the enemy will be destroyed.", TestContext.Current.CancellationToken);

        var (code, output, _) = await RunAsync(["classify", file, "--official", "Ayesha Rahman"]);

        Assert.Equal(0, code);
        using var document = JsonDocument.Parse(output);
        Assert.False(document.RootElement.GetProperty("threat").GetBoolean());
    }

    [Fact]
    public async Task ClassifyJsonlAnswersEveryGoodLineAndNamesTheBrokenOnes()
    {
        const string input = """
            {"id": "a", "text": "They will pay a heavy price."}
            {"id": "b", "text": "We condemn the attack.", "official": "Ayesha Rahman"}
            {not json
            {"id": "d"}

            {"id": "e", "text": ""}
            """;

        var (code, output, error) = await RunAsync(["classify", "--jsonl", "-"], input);

        Assert.NotEqual(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        var results = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["a", "b", "e"], results.Select(r => r.GetProperty("id").GetString()));
        Assert.True(results[0].GetProperty("threat").GetBoolean());
        Assert.False(results[1].GetProperty("threat").GetBoolean());
        Assert.Contains("line 3", error, StringComparison.Ordinal);
        Assert.Contains("line 4", error, StringComparison.Ordinal);
        Assert.DoesNotContain("line 1:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClassifyJsonlSucceedsWhenEveryLineIsGood()
    {
        var file = Path.Combine(_folder, "in.jsonl");
        await File.WriteAllTextAsync(file, "{\"id\":\"1\",\"text\":\"So be it.\"}\n{\"id\":\"2\",\"text\":\"A quiet day.\"}\n", TestContext.Current.CancellationToken);

        var (code, output, error) = await RunAsync(["classify", "--jsonl", file]);

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
        Assert.Equal(2, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task ClassifyOfAMissingFileFailsWithAMessage()
    {
        var (code, _, error) = await RunAsync(["classify", Path.Combine(_folder, "missing.txt")]);

        Assert.Equal(1, code);
        Assert.Contains("missing.txt", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvalReportsFiguresCategoriesMisclassifiedIdsAndTheKeywordBaseline()
    {
        var file = Path.Combine(_folder, "labelled.jsonl");
        await File.WriteAllLinesAsync(file,
        [
            """{"id":"t1","text":"They will pay a heavy price.","label":"threat","category":"nonspecific_warning"}""",
            """{"id":"t2","text":"If they attack, we will wipe them out.","label":"threat","category":"military_force"}""",
            """{"id":"n1","text":"We condemn the attack and warn of war.","label":"none","category":null}""",
            """{"id":"n2","text":"The weather will be fine.","label":"none","category":null}""",
            """{"id":"t3","text":"Nothing to see here.","label":"threat","category":"ultimatum"}""",
        ], TestContext.Current.CancellationToken);

        var (code, output, _) = await RunAsync(["eval", file]);

        Assert.Equal(0, code);
        Assert.Contains("precision", output, StringComparison.Ordinal);
        Assert.Contains("keyword baseline", output, StringComparison.Ordinal);
        Assert.Contains("military_force", output, StringComparison.Ordinal);
        Assert.Matches(@"false negatives: t3\b", output);
        Assert.Matches(@"en@\S+\s+1\.000\s+0\.667\s+0\.800", output);
    }

    [Fact]
    public async Task EvalNamesBrokenLinesAndFailsButStillReports()
    {
        var file = Path.Combine(_folder, "broken.jsonl");
        await File.WriteAllLinesAsync(file,
        [
            """{"id":"t1","text":"They will pay a heavy price.","label":"threat","category":"nonspecific_warning"}""",
            """{"id":"x","text":"no label"}""",
        ], TestContext.Current.CancellationToken);

        var (code, output, error) = await RunAsync(["eval", file]);

        Assert.Equal(1, code);
        Assert.Contains("line 2", error, StringComparison.Ordinal);
        Assert.Contains("1 statements", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvalIsRegisteredInTheCommandList()
    {
        var (code, output, _) = await RunAsync(["help"]);

        Assert.Equal(0, code);
        Assert.Contains("eval FILE.jsonl", output, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(string[] args, string input = "")
    {
        using var stdin = new StringReader(input);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.CreateDefault().RunAsync(args, new CliConsole(stdin, stdout, stderr), TestContext.Current.CancellationToken);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
