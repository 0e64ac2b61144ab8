using System.CommandLine;
using Alerts.Core.Officials;
using Alerts.Core.Statements;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Cli.Commands;

/// <summary>
/// <c>officials list | add ID NAME [--aliases a,b] [--role R] [--country C] [--accounts telegram:X,bluesky:Y,mastodon:U@HOST] | remove ID</c>:
/// the watched officials and their own accounts (posts there are theirs, no name needed).
/// </summary>
internal sealed class OfficialsCommand(StorageOpener? open = null) : ICliCommand
{
    private readonly StorageOpener _open = open ?? StorageCommandContext.OpenAsync;

    /// <summary>Runs <c>officials ARGS...</c> on services the caller built and keeps.</summary>
    internal static Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, IServiceProvider services, CancellationToken cancellationToken) =>
        new OfficialsCommand(StorageCommandContext.Using(services)).RunAsync(args, console, cancellationToken);

    public Command Create(CliConsole console)
    {
        var connection = StorageCommandContext.ConnectionOption();
        var command = new Command("officials", "Watched officials: list, add (with their own accounts), remove") { connection };

        var list = new Command("list", "Every watched official with role, country and accounts");
        StorageCommandContext.SetAction(list, connection, _open, async (_, services, ct) =>
        {
            var all = await services.GetRequiredService<OfficialAdmin>().ListAsync(ct);
            foreach (var o in all.OrderBy(o => o.Id, StringComparer.Ordinal))
            {
                var accounts = o.Accounts is { Count: > 0 } a ? " [" + string.Join(", ", a) + "]" : "";
                await console.Out.WriteLineAsync($"{o.Id,-28} {o.Name,-30} {o.Role} {o.Country}{accounts}".TrimEnd());
            }

            await console.Out.WriteLineAsync($"{all.Count} official(s).");
            return 0;
        });

        var id = new Argument<string>("ID") { Description = "Id: a-z, 0-9 and '-', e.g. khawaja-asif" };
        var name = new Argument<string>("NAME") { Description = "Full name, as written in statements" };
        var aliases = new Option<string?>("--aliases") { Description = "Other names, comma-separated", HelpName = "a,b" };
        var role = new Option<string?>("--role") { Description = "Role, e.g. Defence Minister", HelpName = "R" };
        var country = new Option<string?>("--country") { Description = "Country", HelpName = "C" };
        var accounts = new Option<string?>("--accounts") { Description = "The official's own accounts, comma-separated", HelpName = "telegram:X,bluesky:Y,mastodon:U@HOST" };
        var add = new Command("add", "Watch an official") { id, name, aliases, role, country, accounts };
        StorageCommandContext.SetAction(add, connection, _open, async (result, services, ct) =>
        {
            var input = new OfficialInput(
                result.GetRequiredValue(id).Trim(), result.GetRequiredValue(name), Split(result.GetValue(aliases)), result.GetValue(role), result.GetValue(country), null, Split(result.GetValue(accounts)));
            var added = await services.GetRequiredService<OfficialAdmin>().AddAsync(input, ct, keepXUserId: true);
            if (added.Official is not { } official)
            {
                foreach (var message in added.Errors.Values.SelectMany(m => m))
                {
                    await console.Error.WriteLineAsync(message);
                }

                return 1;
            }

            await console.Out.WriteLineAsync($"Watching {official.Name} as {official.Id}.");
            return 0;
        });

        var removeId = new Argument<string>("ID") { Description = "The official's id" };
        var remove = new Command("remove", "Stop watching an official") { removeId };
        StorageCommandContext.SetAction(remove, connection, _open, async (result, services, ct) =>
        {
            var target = result.GetRequiredValue(removeId);
            if (!await services.GetRequiredService<OfficialAdmin>().RemoveAsync(target, ct))
            {
                await console.Error.WriteLineAsync($"No official {target}.");
                return 1;
            }

            await console.Out.WriteLineAsync($"No longer watching {target}.");
            return 0;
        });

        command.Subcommands.Add(list);
        command.Subcommands.Add(add);
        command.Subcommands.Add(remove);
        return command;
    }

    private static string[] Split(string? value) =>
        value?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
}
