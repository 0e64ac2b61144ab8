using Alerts.Core.Subscriptions;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Cli.Commands;

/// <summary>
/// <c>subscribers list | add EMAIL [options] | remove ID|EMAIL | export ID|EMAIL | erase ID|EMAIL</c>:
/// the operator's view of subscribers, through the same <see cref="SubscriberAdmin"/> the manage endpoints use.
/// </summary>
internal sealed class SubscribersCommand : ICliCommand
{
    public string Name => "subscribers";

    public string Usage => "subscribers list|add EMAIL [--officials a,b|all] [--level L] [--categories c,d] [--mode immediate|digest|weekly] [--not-judged true|false]|remove|export|erase ID|EMAIL";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        if (args.Count == 0)
        {
            await console.Error.WriteLineAsync("usage: " + Usage);
            return 2;
        }

        await using var session = await StorageCommandContext.OpenAsync(StorageCommandContext.ConnectionOption(args), cancellationToken);
        return await RunAsync(args, console, session.Services, cancellationToken);
    }

    internal static async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, IServiceProvider services, CancellationToken cancellationToken)
    {
        var admin = services.GetRequiredService<SubscriberAdmin>();
        var verb = args.Count > 0 ? args[0] : "";
        var target = args.Count > 1 ? args[1] : null;
        switch (verb)
        {
            case "list":
                var all = await admin.ListAsync(cancellationToken);
                await console.Out.WriteLineAsync($"{"ID",-28} {"STATUS",-12} {"MODE",-9} {"LEVEL",-8} {"OFFICIALS",-30} EMAIL");
                foreach (var s in all)
                {
                    var officials = s.OfficialIds.Count == 0 ? "all" : string.Join(",", s.OfficialIds);
                    await console.Out.WriteLineAsync($"{s.Id,-28} {s.Status,-12} {s.Mode,-9} {s.MinimumLevel,-8} {officials,-30} {s.Email}");
                }

                await console.Out.WriteLineAsync($"{all.Count} subscriber(s).");
                return 0;
            case "add" when target is not null:
                var form = new SubscriptionForm(target, Option(args, "--officials"), OptionValue(args, "--level"), Option(args, "--categories"), OptionValue(args, "--mode"), OptionValue(args, "--not-judged"));
                var result = await admin.AddAsync(form, cancellationToken);
                if (!result.IsValid)
                {
                    foreach (var (field, message) in result.Errors)
                    {
                        await console.Error.WriteLineAsync($"{field}: {message}");
                    }

                    return 1;
                }

                await console.Out.WriteLineAsync($"Added {result.Email} as {result.SubscriptionId} (active, no confirmation email).");
                return 0;
            case "remove" when target is not null:
                return await Report(console, await admin.RemoveAsync(target, cancellationToken), $"Unsubscribed {target}; the record stays until erased.", target);
            case "export" when target is not null:
                var json = await admin.ExportAsync(target, cancellationToken);
                if (json is null)
                {
                    return await Report(console, false, "", target);
                }

                await console.Out.WriteLineAsync(json);
                return 0;
            case "erase" when target is not null:
                return await Report(console, await admin.EraseAsync(target, cancellationToken), $"Erased {target}: subscription and delivery records deleted.", target);
            default:
                await console.Error.WriteLineAsync("usage: " + new SubscribersCommand().Usage);
                return 2;
        }
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

    private static string? OptionValue(IReadOnlyList<string> args, string name)
    {
        for (var i = 0; i < args.Count - 1; i++)
        {
            if (args[i] == name)
            {
                return args[i + 1];
            }
        }

        return null;
    }

    private static List<string>? Option(IReadOnlyList<string> args, string name) =>
        OptionValue(args, name)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
