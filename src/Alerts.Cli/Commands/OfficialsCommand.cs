using Alerts.Core.Officials;
using Alerts.Core.Statements;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Cli.Commands;

/// <summary>
/// <c>officials list | add ID NAME [--aliases a,b] [--role R] [--country C] [--accounts telegram:X,bluesky:Y,mastodon:U@HOST] | remove ID</c>:
/// the watched officials and their own accounts (posts there are theirs, no name needed).
/// </summary>
internal sealed class OfficialsCommand : ICliCommand
{
    public string Name => "officials";

    public string Usage => "officials list|add ID \"NAME\" [--aliases a,b] [--role R] [--country C] [--accounts telegram:X,bluesky:Y,mastodon:U@HOST]|remove ID   watched officials";

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
        var admin = services.GetRequiredService<OfficialAdmin>();
        switch (args.Count > 0 ? args[0] : "")
        {
            case "list":
                var all = await admin.ListAsync(cancellationToken);
                foreach (var o in all.OrderBy(o => o.Id, StringComparer.Ordinal))
                {
                    var accounts = o.Accounts is { Count: > 0 } a ? " [" + string.Join(", ", a) + "]" : "";
                    await console.Out.WriteLineAsync($"{o.Id,-28} {o.Name,-30} {o.Role} {o.Country}{accounts}".TrimEnd());
                }

                await console.Out.WriteLineAsync($"{all.Count} official(s).");
                return 0;
            case "add" when args.Count > 2:
                var result = await admin.AddAsync(
                    new OfficialInput(args[1].Trim(), args[2], List(args, "--aliases"), Value(args, "--role"), Value(args, "--country"), null, List(args, "--accounts")),
                    cancellationToken,
                    keepXUserId: true);
                if (result.Official is not { } official)
                {
                    foreach (var message in result.Errors.Values.SelectMany(m => m))
                    {
                        await console.Error.WriteLineAsync(message);
                    }

                    return 1;
                }

                await console.Out.WriteLineAsync($"Watching {official.Name} as {official.Id}.");
                return 0;
            case "remove" when args.Count > 1:
                if (!await admin.RemoveAsync(args[1], cancellationToken))
                {
                    await console.Error.WriteLineAsync($"No official {args[1]}.");
                    return 1;
                }

                await console.Out.WriteLineAsync($"No longer watching {args[1]}.");
                return 0;
            default:
                await console.Error.WriteLineAsync("usage: " + new OfficialsCommand().Usage);
                return 2;
        }
    }

    private static string[] List(IReadOnlyList<string> args, string name) =>
        Value(args, name)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    private static string? Value(IReadOnlyList<string> args, string name)
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
}
