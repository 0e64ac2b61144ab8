using System.CommandLine;
using System.CommandLine.Help;

namespace Alerts.Cli;

/// <summary>
/// A command's one-line synopsis for the top-level help, made from its System.CommandLine definition so it cannot drift
/// from what parses: required arguments, then options, then optional arguments; subcommands as alternatives.
/// </summary>
internal static class CommandSynopsis
{
    public static string Of(Command command)
    {
        var visible = command.Arguments.Where(a => !a.Hidden).ToList();
        var parts = new List<string> { command.Name };
        parts.AddRange(visible.Where(a => a.Arity.MinimumNumberOfValues > 0).Select(Argument));
        parts.AddRange(command.Options.Where(o => !o.Hidden && o is not HelpOption and not VersionOption).Select(Option));
        parts.AddRange(visible.Where(a => a.Arity.MinimumNumberOfValues == 0).Select(Argument));
        if (command.Subcommands.Count > 0)
        {
            parts.Add(string.Join(" | ", command.Subcommands.Select(Of)));
        }

        return string.Join(' ', parts);
    }

    private static string Argument(Argument argument)
    {
        var name = (argument.HelpName ?? argument.Name) + (argument.Arity.MaximumNumberOfValues > 1 ? "..." : "");
        return argument.Arity.MinimumNumberOfValues > 0 ? name : $"[{name}]";
    }

    private static string Option(Option option)
    {
        var text = option.ValueType == typeof(bool) ? option.Name : $"{option.Name} {option.HelpName ?? "VALUE"}";
        return option.Required ? text : $"[{text}]";
    }
}
