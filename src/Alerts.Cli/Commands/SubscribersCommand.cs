using System.CommandLine;
using Alerts.Core.Subscriptions;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Cli.Commands;

/// <summary>
/// <c>subscribers list | add EMAIL [options] | remove ID|EMAIL | export ID|EMAIL | erase ID|EMAIL</c>:
/// the operator's view of subscribers, through the same <see cref="SubscriberAdmin"/> the manage endpoints use.
/// </summary>
internal sealed class SubscribersCommand(StorageOpener? open = null) : ICliCommand
{
    private readonly StorageOpener _open = open ?? StorageCommandContext.OpenAsync;

    /// <summary>Runs <c>subscribers ARGS...</c> on services the caller built and keeps.</summary>
    internal static Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, IServiceProvider services, CancellationToken cancellationToken) =>
        new SubscribersCommand(StorageCommandContext.Using(services)).RunAsync(args, console, cancellationToken);

    public Command Create(CliConsole console)
    {
        var connection = StorageCommandContext.ConnectionOption();
        var command = new Command("subscribers", "Subscribers: list, add (active, no confirmation email), unsubscribe, export or erase one") { connection };

        var list = new Command("list", "Every subscriber with status, mode, level and officials");
        StorageCommandContext.SetAction(list, connection, _open, (_, services, ct) => ListAsync(console, services, ct));

        var email = new Argument<string>("EMAIL") { Description = "The subscriber's email address" };
        var officials = new Option<string?>("--officials") { Description = "Official ids, comma-separated, or 'all'", HelpName = "a,b|all" };
        var level = new Option<string?>("--level") { Description = "Lowest threat level to alert on", HelpName = "L" };
        var categories = new Option<string?>("--categories") { Description = "Threat categories, comma-separated", HelpName = "c,d" };
        var mode = new Option<string?>("--mode") { Description = "When to send", HelpName = "immediate|digest|weekly" };
        var notJudged = new Option<string?>("--not-judged") { Description = "Also send statements the judge could not read", HelpName = "true|false" };
        var add = new Command("add", "Add an active subscriber") { email, officials, level, categories, mode, notJudged };
        StorageCommandContext.SetAction(add, connection, _open, async (result, services, ct) =>
        {
            var form = new SubscriptionForm(
                result.GetRequiredValue(email), Split(result.GetValue(officials)), result.GetValue(level), Split(result.GetValue(categories)), result.GetValue(mode), result.GetValue(notJudged));
            var added = await services.GetRequiredService<SubscriberAdmin>().AddAsync(form, ct);
            if (!added.IsValid)
            {
                foreach (var (field, message) in added.Errors)
                {
                    await console.Error.WriteLineAsync($"{field}: {message}");
                }

                return 1;
            }

            await console.Out.WriteLineAsync($"Added {added.Email} as {added.SubscriptionId} (active, no confirmation email).");
            return 0;
        });

        command.Subcommands.Add(list);
        command.Subcommands.Add(add);
        command.Subcommands.Add(ForOne("remove", "Unsubscribe (the record stays until erased)", async (target, admin, ct) =>
            await Report(console, await admin.RemoveAsync(target, ct), $"Unsubscribed {target}; the record stays until erased.", target)));
        command.Subcommands.Add(ForOne("export", "Everything stored about the subscriber, as JSON", async (target, admin, ct) =>
        {
            var json = await admin.ExportAsync(target, ct);
            if (json is null)
            {
                return await Report(console, false, "", target);
            }

            await console.Out.WriteLineAsync(json);
            return 0;
        }));
        command.Subcommands.Add(ForOne("erase", "Delete the subscription and its delivery records", async (target, admin, ct) =>
            await Report(console, await admin.EraseAsync(target, ct), $"Erased {target}: subscription and delivery records deleted.", target)));
        return command;

        Command ForOne(string name, string description, Func<string, SubscriberAdmin, CancellationToken, Task<int>> run)
        {
            var target = new Argument<string>("ID|EMAIL") { Description = "The subscription id or email address" };
            var verb = new Command(name, description) { target };
            StorageCommandContext.SetAction(verb, connection, _open, (result, services, ct) =>
                run(result.GetRequiredValue(target), services.GetRequiredService<SubscriberAdmin>(), ct));
            return verb;
        }
    }

    private static async Task<int> ListAsync(CliConsole console, IServiceProvider services, CancellationToken cancellationToken)
    {
        var all = await services.GetRequiredService<SubscriberAdmin>().ListAsync(cancellationToken);
        await console.Out.WriteLineAsync($"{"ID",-28} {"STATUS",-12} {"MODE",-9} {"LEVEL",-8} {"OFFICIALS",-30} EMAIL");
        foreach (var s in all)
        {
            var officials = s.OfficialIds.Count == 0 ? "all" : string.Join(",", s.OfficialIds);
            await console.Out.WriteLineAsync($"{s.Id,-28} {s.Status,-12} {s.Mode,-9} {s.MinimumLevel,-8} {officials,-30} {s.Email}");
        }

        await console.Out.WriteLineAsync($"{all.Count} subscriber(s).");
        return 0;
    }

    private static async Task<int> Report(CliConsole console, bool found, string message, string target)
    {
        if (!found)
        {
            await console.Error.WriteLineAsync($"No subscriber {target}.");
            return 1;
        }

        await console.Out.WriteLineAsync(message);
        return 0;
    }

    private static List<string>? Split(string? value) =>
        value?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
