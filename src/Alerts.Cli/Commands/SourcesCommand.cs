using Alerts.Core.Sources;
using Alerts.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Cli.Commands;

/// <summary>
/// <c>sources list | add ID KIND LOCATION [--name N] [--interval MIN] [--selector CSS] [--disabled] | remove ID</c>:
/// the polled sources. <c>list</c> shows where each stands: failures in a row and the last reason.
/// </summary>
internal sealed class SourcesCommand : ICliCommand
{
    public string Name => "sources";

    public string Usage => "sources list|add ID KIND LOCATION [--name N] [--interval MIN] [--selector CSS] [--disabled]|remove ID   polled sources (kinds: feed, xuser, telegram, bluesky, mastodon, page)";

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
        var sources = services.GetRequiredService<SourceStore>();
        switch (args.Count > 0 ? args[0] : "")
        {
            case "list":
                var count = 0;
                await foreach (var record in sources.ListAsync(cancellationToken))
                {
                    var d = record.Definition;
                    var c = record.Checkpoint;
                    var state = c.ConsecutiveFailures > 0 ? $"FAILING x{c.ConsecutiveFailures}: {c.LastError}" : d.Enabled ? "ok" : "disabled";
                    await console.Out.WriteLineAsync($"{d.Id,-28} {d.Kind,-9} {d.Location} {(d.Selector is null ? "" : $"[{d.Selector}] ")}every {d.PollInterval.TotalMinutes:0} min  {state}");
                    count++;
                }

                await console.Out.WriteLineAsync($"{count} source(s).");
                return 0;
            case "add" when args.Count > 3:
                var id = args[1].Trim();
                if (!TableKeys.IsValid(id) || id.Length > 100 || id.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '-')))
                {
                    await console.Error.WriteLineAsync("id must be 1-100 characters of a-z, 0-9 and '-', e.g. mod-russia-telegram.");
                    return 1;
                }

                if (!Enum.TryParse<SourceKind>(args[2], ignoreCase: true, out var kind) || kind == SourceKind.File)
                {
                    await console.Error.WriteLineAsync($"unknown kind '{args[2]}' (feed, xuser, telegram, bluesky, mastodon or page).");
                    return 1;
                }

                var location = args[3].Trim();
                var selector = Value(args, "--selector");
                if (SourceLocations.Problem(kind, location, selector) is { } problem)
                {
                    await console.Error.WriteLineAsync(problem);
                    return 1;
                }

                var minutes = int.TryParse(Value(args, "--interval"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var m) && m is >= 1 and <= 1_440 ? m : 5;
                var name = Value(args, "--name") ?? id;
                await sources.UpsertDefinitionAsync(new SourceDefinition(id, name, kind, location, TimeSpan.FromMinutes(minutes), !args.Contains("--disabled"), selector), cancellationToken);
                await console.Out.WriteLineAsync($"Polling {kind} {location} as {id} every {minutes} min.");
                return 0;
            case "remove" when args.Count > 1:
                if (!TableKeys.IsValid(args[1]) || await sources.GetAsync(args[1], cancellationToken) is null)
                {
                    await console.Error.WriteLineAsync($"No source {args[1]}.");
                    return 1;
                }

                await sources.DeleteAsync(args[1], cancellationToken);
                await console.Out.WriteLineAsync($"No longer polling {args[1]}.");
                return 0;
            default:
                await console.Error.WriteLineAsync("usage: " + new SourcesCommand().Usage);
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
