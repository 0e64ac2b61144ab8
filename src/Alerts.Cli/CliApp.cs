using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using Alerts.Cli.Commands;

namespace Alerts.Cli;

/// <summary>
/// Builds the command tree for one run and hands parsing, <c>--help</c> and usage errors to System.CommandLine;
/// every command's action calls the same services the functions use.
/// </summary>
internal sealed class CliApp(IReadOnlyList<ICliCommand> commands)
{
    /// <summary>The exit code of a usage error (unknown command or option, missing or malformed value), as scripts expect.</summary>
    public const int UsageError = 2;

    private const string Usage = "usage: dotnet run --project src/Alerts.Cli -- <command> [options]   (<command> --help for its arguments and options)";

    public static CliApp CreateDefault() => new(CliCommands.All());

    public async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken)
    {
        var root = CreateRoot(console);
        if (args.Length == 0)
        {
            await WriteCommandListAsync(root, console.Out);
            return UsageError;
        }

        // "alerts help" and "alerts help COMMAND" read as the --help they always meant.
        if (args[0] == "help")
        {
            args = [.. args[1..], "--help"];
        }

        // Response files (@file) stay off: '@' starts Telegram handles and Mastodon accounts, which are plain values here.
        var result = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (result.Errors.Count > 0)
        {
            await WriteErrorsAsync(result, console.Error);
            return UsageError;
        }

        // Ctrl+C is Program's cancellation token; exceptions surface as they did before (no catch-all printing).
        var invocation = new InvocationConfiguration
        {
            Output = console.Out,
            Error = console.Error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        };
        return await result.InvokeAsync(invocation, cancellationToken);
    }

    private Command CreateRoot(CliConsole console)
    {
        // A plain command named "alerts" rather than RootCommand: help reads the same under dotnet run, the
        // published binary and the tests, and there is no --version or [directive] syntax to explain.
        var root = new Command("alerts", "Alerts: statements by government officials, judged for threats, emailed to subscribers.") { new HelpOption() };
        foreach (var command in commands)
        {
            var created = command.Create(console);
            RefuseUnknownOptions(created);
            root.Subcommands.Add(created);
        }

        // The top-level help is the list of commands with their synopses; each command's own help stays the library's.
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new CommandListHelp(root, (SynchronousCommandLineAction)help.Action!);
        return root;
    }

    /// <summary>
    /// The parser hands an argument every token it cannot match, unknown options included; refuse those
    /// instead of reading <c>--oops</c> as a file name. A lone <c>-</c> (standard input) stays a value.
    /// </summary>
    private static void RefuseUnknownOptions(Command command)
    {
        foreach (var argument in command.Arguments)
        {
            argument.Validators.Add(result =>
            {
                foreach (var token in result.Tokens.Where(t => t.Value.Length > 1 && t.Value[0] == '-'))
                {
                    result.AddError($"Unrecognized option '{token.Value}'.");
                }
            });
        }

        foreach (var subcommand in command.Subcommands)
        {
            RefuseUnknownOptions(subcommand);
        }
    }

    private static async Task WriteCommandListAsync(Command root, TextWriter output)
    {
        using var buffer = new StringWriter();
        WriteCommandList(root, buffer);
        await output.WriteAsync(buffer.ToString());
    }

    private static void WriteCommandList(Command root, TextWriter output)
    {
        output.WriteLine(Usage);
        output.WriteLine();
        foreach (var command in root.Subcommands)
        {
            output.WriteLine($"  {CommandSynopsis.Of(command)}");
            output.WriteLine($"      {command.Description}");
        }
    }

    /// <summary><c>--help</c>: the list of commands at the top level, the library's help for a command.</summary>
    private sealed class CommandListHelp(Command root, SynchronousCommandLineAction library) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            if (parseResult.CommandResult.Command != root)
            {
                return library.Invoke(parseResult);
            }

            WriteCommandList(root, parseResult.InvocationConfiguration.Output);
            return 0;
        }
    }

    private static async Task WriteErrorsAsync(ParseResult result, TextWriter error)
    {
        var path = CommandPath(result.CommandResult);
        // An unknown option that took an argument's place comes first: the tokens left over after it are its consequence.
        var problems = result.Errors.OrderBy(e => e.SymbolResult is ArgumentResult ? 0 : 1).Select(e => e.Message).Distinct(StringComparer.Ordinal);
        foreach (var problem in problems)
        {
            await error.WriteLineAsync($"{path}: {problem}");
        }

        await error.WriteLineAsync($"Run '{path} --help' for its arguments and options.");
    }

    private static string CommandPath(CommandResult? command)
    {
        var names = new List<string>();
        for (var c = command; c is not null; c = c.Parent as CommandResult)
        {
            names.Insert(0, c.Command.Name);
        }

        return names.Count == 0 ? "alerts" : string.Join(' ', names);
    }
}
