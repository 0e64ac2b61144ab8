using System.CommandLine;
using Alerts.Core.Sources;
using Alerts.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Cli.Commands;

/// <summary>
/// <c>sources list | add ID KIND LOCATION [--name N] [--interval MIN] [--selector CSS] [--disabled] | remove ID</c>:
/// the polled sources. <c>list</c> shows where each stands: failures in a row and the last reason.
/// </summary>
internal sealed class SourcesCommand(StorageOpener? open = null) : ICliCommand
{
    private readonly StorageOpener _open = open ?? StorageCommandContext.OpenAsync;

    /// <summary>Runs <c>sources ARGS...</c> on services the caller built and keeps.</summary>
    internal static Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, IServiceProvider services, CancellationToken cancellationToken) =>
        new SourcesCommand(StorageCommandContext.Using(services)).RunAsync(args, console, cancellationToken);

    public Command Create(CliConsole console)
    {
        var connection = StorageCommandContext.ConnectionOption();
        var command = new Command("sources", "Polled sources (kinds: feed, xuser, telegram, bluesky, mastodon, page): list, add, remove") { connection };
        command.Subcommands.Add(ListCommand(connection, console));
        command.Subcommands.Add(AddCommand(connection, console));
        command.Subcommands.Add(RemoveCommand(connection, console));
        return command;
    }

    /// <summary><c>sources list</c>: one line per source with where it stands.</summary>
    private Command ListCommand(Option<string?> connection, CliConsole console)
    {
        var list = new Command("list", "Every source with kind, location, interval and state (failures in a row, last reason)");
        StorageCommandContext.SetAction(list, connection, _open, async (_, services, ct) =>
        {
            var count = 0;
            await foreach (var record in services.GetRequiredService<SourceStore>().ListAsync(ct))
            {
                var d = record.Definition;
                var c = record.Checkpoint;
                var state = c.ConsecutiveFailures > 0 ? $"FAILING x{c.ConsecutiveFailures}: {c.LastError}" : d.Enabled ? "ok" : "disabled";
                await console.Out.WriteLineAsync($"{d.Id,-28} {d.Kind,-9} {d.Location} {(d.Selector is null ? "" : $"[{d.Selector}] ")}every {d.PollInterval.TotalMinutes:0} min  {state}");
                count++;
            }

            await console.Out.WriteLineAsync($"{count} source(s).");
            return 0;
        });
        return list;
    }

    /// <summary><c>sources add</c>: checks the id, the kind and the location for that kind, then stores the definition.</summary>
    private Command AddCommand(Option<string?> connection, CliConsole console)
    {
        var id = new Argument<string>("ID") { Description = "Id: 1-100 characters of a-z, 0-9 and '-', e.g. mod-russia-telegram" };
        var kindName = new Argument<string>("KIND") { Description = "feed, xuser, telegram, bluesky, mastodon or page" };
        var location = new Argument<string>("LOCATION") { Description = "What a source of that kind holds: a feed URL, a handle, a channel, an account or listing URL" };
        var name = new Option<string?>("--name") { Description = "Display name (default: the id)", HelpName = "N" };
        var interval = new Option<int>("--interval")
        {
            Description = "Minutes between polls",
            HelpName = "MIN",
            DefaultValueFactory = _ => 5,
            CustomParser = OptionValues.WholeNumber(1, 1_440, "--interval takes 1 to 1440 minutes."),
        };
        var selector = new Option<string?>("--selector") { Description = "CSS selector of the links on a page source's listing", HelpName = "CSS" };
        var disabled = new Option<bool>("--disabled") { Description = "Add it without polling it yet" };
        var add = new Command("add", "Add or change a source") { id, kindName, location, name, interval, selector, disabled };
        StorageCommandContext.SetAction(add, connection, _open, async (result, services, ct) =>
        {
            var sourceId = result.GetRequiredValue(id).Trim();
            if (!TableKeys.IsValid(sourceId) || sourceId.Length > 100 || sourceId.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '-')))
            {
                await console.Error.WriteLineAsync("id must be 1-100 characters of a-z, 0-9 and '-', e.g. mod-russia-telegram.");
                return 1;
            }

            var kindText = result.GetRequiredValue(kindName);
            if (!Enum.TryParse<SourceKind>(kindText, ignoreCase: true, out var kind) || kind == SourceKind.File)
            {
                await console.Error.WriteLineAsync($"unknown kind '{kindText}' (feed, xuser, telegram, bluesky, mastodon or page).");
                return 1;
            }

            var where = result.GetRequiredValue(location).Trim();
            var css = result.GetValue(selector);
            if (SourceLocations.Problem(kind, where, css) is { } problem)
            {
                await console.Error.WriteLineAsync(problem);
                return 1;
            }

            var minutes = result.GetValue(interval);
            var definition = new SourceDefinition(sourceId, result.GetValue(name) ?? sourceId, kind, where, TimeSpan.FromMinutes(minutes), !result.GetValue(disabled), css);
            await services.GetRequiredService<SourceStore>().UpsertDefinitionAsync(definition, ct);
            await console.Out.WriteLineAsync($"Polling {kind} {where} as {sourceId} every {minutes} min.");
            return 0;
        });
        return add;
    }

    /// <summary><c>sources remove</c>: deletes a source that exists.</summary>
    private Command RemoveCommand(Option<string?> connection, CliConsole console)
    {
        var removeId = new Argument<string>("ID") { Description = "The source's id" };
        var remove = new Command("remove", "Stop polling a source") { removeId };
        StorageCommandContext.SetAction(remove, connection, _open, async (result, services, ct) =>
        {
            var target = result.GetRequiredValue(removeId);
            var sources = services.GetRequiredService<SourceStore>();
            if (!TableKeys.IsValid(target) || await sources.GetAsync(target, ct) is null)
            {
                await console.Error.WriteLineAsync($"No source {target}.");
                return 1;
            }

            await sources.DeleteAsync(target, ct);
            await console.Out.WriteLineAsync($"No longer polling {target}.");
            return 0;
        });
        return remove;
    }
}
