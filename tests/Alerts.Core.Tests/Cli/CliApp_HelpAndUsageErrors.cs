using System.CommandLine;
using System.Text.Json;
using Alerts.Cli;
using Alerts.Cli.Commands;
using Alerts.Core.Tests.Threats;

namespace Alerts.Core.Tests.Cli;

/// <summary>
/// System.CommandLine parses every command: each one and each subcommand answers <c>--help</c>; an unknown option
/// or a missing value is a usage error (exit 2) that names the problem, before any work or storage is touched.
/// </summary>
public sealed class CliApp_HelpAndUsageErrors : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cli-usage-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // One command line per row, split on spaces.
    public static TheoryData<string> UnknownOptions() =>
    [
        "classify --bogus",
        "feed --bogus seeds/feeds/seed-news.xml",
        "train --bogus statements.jsonl",
        "eval statements.jsonl --bogus",
        "demo --bogus",
        "load --bogus",
        "reanalyze --bogus",
        "digest --bogus",
        "replay-poison statements --bogus",
        "sources list --bogus",
        "officials add jane-doe Jane --bogus x",
        "subscribers add ops@example.org --bogus x",
        "feedback export --bogus",
    ];

    public static TheoryData<string, string> MissingValues() => new()
    {
        { "demo --outbox", "--outbox" },
        { "eval statements.jsonl --feedback", "--feedback" },
        { "feed seeds/feeds/seed-news.xml --officials", "--officials" },
        { "sources add mod-news feed https://news.example/rss --interval", "--interval" },
        { "subscribers add ops@example.org --level", "--level" },
        { "feedback export --out", "--out" },
        { "subscribers remove", "ID|EMAIL" },
        { "officials add jane-doe", "NAME" },
    };

    [Theory]
    [MemberData(nameof(UnknownOptions))]
    public async Task AnUnknownOptionIsAUsageErrorThatNamesIt(string commandLine)
    {
        var args = commandLine.Split(' ');
        var (code, output, error) = await RunAsync(args);

        Assert.Equal(CliApp.UsageError, code);
        Assert.Empty(output);
        Assert.Contains("Unrecognized", error, StringComparison.Ordinal);
        Assert.Contains("'--bogus'", error, StringComparison.Ordinal);
        Assert.Contains($"Run 'alerts {args[0]}", error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(MissingValues))]
    public async Task AMissingValueIsAUsageErrorThatNamesWhatIsMissing(string commandLine, string missing)
    {
        var (code, output, error) = await RunAsync(commandLine.Split(' '));

        Assert.Equal(CliApp.UsageError, code);
        Assert.Empty(output);
        Assert.Contains($"'{missing}'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AValueOutOfRangeIsAUsageError()
    {
        var interval = await RunAsync(["sources", "add", "mod-news", "feed", "https://news.example/rss", "--interval", "0"]);
        var folds = await RunAsync(["train", "--folds", "1", "statements.jsonl"]);
        var max = await RunAsync(["replay-poison", "statements", "--max", "many"]);

        Assert.Equal((CliApp.UsageError, true), (interval.Code, interval.Error.Contains("--interval takes 1 to 1440 minutes.", StringComparison.Ordinal)));
        Assert.Equal((CliApp.UsageError, true), (folds.Code, folds.Error.Contains("--folds takes 2 or more.", StringComparison.Ordinal)));
        Assert.Equal((CliApp.UsageError, true), (max.Code, max.Error.Contains("--max takes a positive whole number.", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task EveryCommandAndSubcommandAnswersHelpWithItsUsageAndOptions()
    {
        var paths = Commands().SelectMany(c => Paths(c.Create(new CliConsole(TextReader.Null, TextWriter.Null, TextWriter.Null)), [])).ToList();

        Assert.True(paths.Count >= 13 + 11, $"only {paths.Count} commands found");
        foreach (var path in paths)
        {
            var (code, output, error) = await RunAsync([.. path, "--help"]);

            Assert.True(code == 0, $"{string.Join(' ', path)} --help exited {code}: {error}");
            Assert.Empty(error);
            Assert.Contains($"alerts {string.Join(' ', path)}", output, StringComparison.Ordinal);
            Assert.Contains("--help", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task HelpForACommandListsItsOptionsWithTheirDefaults()
    {
        var (code, output, _) = await RunAsync(["help", "load"]);

        Assert.Equal(0, code);
        Assert.Equal((await RunAsync(["load", "--help"])).Output, output);
        Assert.Contains("--threat-ratio <R>", output, StringComparison.Ordinal);
        Assert.Contains("[default: 0.05]", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheTopLevelHelpListsEveryCommandWithASynopsisFromItsDefinition()
    {
        var (code, output, _) = await RunAsync(["--help"]);
        var (bareCode, bare, _) = await RunAsync([]);

        Assert.Equal(0, code);
        Assert.Equal(CliApp.UsageError, bareCode);
        Assert.Equal(output, bare);
        Assert.Contains("sources [--connection CONN] list | add ID KIND LOCATION [--name N] [--interval MIN] [--selector CSS] [--disabled] | remove ID", output, StringComparison.Ordinal);
        Assert.Contains("replay-poison QUEUE [--max N] [--connection CONN]", output, StringComparison.Ordinal);
        foreach (var command in Commands())
        {
            Assert.Contains($"\n  {command.Create(new CliConsole(TextReader.Null, TextWriter.Null, TextWriter.Null)).Name} ", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AnAtSignStartsAValueNotAResponseFile()
    {
        var file = Path.Combine(_folder, "args.rsp");
        await File.WriteAllTextAsync(file, "--bogus", TestContext.Current.CancellationToken);

        var (code, output, error) = await RunAsync(["classify", "-", "--official", "@" + file], "A quiet day at the ministry.");

        Assert.Equal(0, code);
        Assert.Empty(error);
        using var analysis = JsonDocument.Parse(output);
        Assert.False(analysis.RootElement.GetProperty("threat").GetBoolean());
    }

    /// <summary>Every command, with storage that fails the test if a usage error or --help ever opens it.</summary>
    private static List<ICliCommand> Commands() =>
        CliCommands.All().Select(c => c switch
        {
            SourcesCommand => new SourcesCommand(NoStorage),
            OfficialsCommand => new OfficialsCommand(NoStorage),
            SubscribersCommand => new SubscribersCommand(NoStorage),
            FeedbackCommand => new FeedbackCommand(NoStorage),
            DigestCommand => new DigestCommand(NoStorage),
            ReanalyzeCommand => new ReanalyzeCommand(NoStorage),
            ReplayPoisonCommand => new ReplayPoisonCommand(NoStorage),
            TrainCommand => new TrainCommand(new HashingEmbedder()),
            _ => c,
        }).ToList();

    private static Task<StorageCommandContext> NoStorage(string? connection, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("A usage error or --help opened storage.");

    private static IEnumerable<string[]> Paths(Command command, string[] parent)
    {
        string[] path = [.. parent, command.Name];
        yield return path;
        foreach (var subcommand in command.Subcommands)
        {
            foreach (var sub in Paths(subcommand, path))
            {
                yield return sub;
            }
        }
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(string[] args, string input = "")
    {
        using var stdin = new StringReader(input);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await new CliApp(Commands()).RunAsync(args, new CliConsole(stdin, stdout, stderr), TestContext.Current.CancellationToken);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
