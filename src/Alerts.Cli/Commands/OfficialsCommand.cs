using Alerts.Core.Sources;
using Alerts.Core.Statements;
using Alerts.Core.Storage;
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
        var officials = services.GetRequiredService<OfficialStore>();
        switch (args.Count > 0 ? args[0] : "")
        {
            case "list":
                var all = await officials.ListAsync(cancellationToken);
                foreach (var o in all.OrderBy(o => o.Id, StringComparer.Ordinal))
                {
                    var accounts = o.Accounts is { Count: > 0 } a ? " [" + string.Join(", ", a) + "]" : "";
                    await console.Out.WriteLineAsync($"{o.Id,-28} {o.Name,-30} {o.Role} {o.Country}{accounts}".TrimEnd());
                }

                await console.Out.WriteLineAsync($"{all.Count} official(s).");
                return 0;
            case "add" when args.Count > 2:
                var id = args[1].Trim();
                if (!TableKeys.IsValid(id) || id.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '-')))
                {
                    await console.Error.WriteLineAsync("id must be a-z, 0-9 and '-', e.g. khawaja-asif.");
                    return 1;
                }

                var aliases = Value(args, "--aliases")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
                var accountList = Value(args, "--accounts")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
                if (accountList.Select(SocialAccounts.Problem).FirstOrDefault(p => p is not null) is { } problem)
                {
                    await console.Error.WriteLineAsync(problem);
                    return 1;
                }

                var existing = await officials.GetAsync(id, cancellationToken);
                await officials.UpsertAsync(new Official(id, args[2].Trim(), aliases, Value(args, "--role"), Value(args, "--country"), existing?.XUserId, SocialAccounts.NormalizeAll(accountList)), cancellationToken);
                await console.Out.WriteLineAsync($"Watching {args[2].Trim()} as {id}.");
                return 0;
            case "remove" when args.Count > 1:
                if (!TableKeys.IsValid(args[1]) || await officials.GetAsync(args[1], cancellationToken) is null)
                {
                    await console.Error.WriteLineAsync($"No official {args[1]}.");
                    return 1;
                }

                await officials.DeleteAsync(args[1], cancellationToken);
                await console.Out.WriteLineAsync($"No longer watching {args[1]}.");
                return 0;
            default:
                await console.Error.WriteLineAsync("usage: " + new OfficialsCommand().Usage);
                return 2;
        }
    }

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
