using Alerts.Cli.Commands;

namespace Alerts.Cli;

/// <summary>The registry of commands, one line each, so parallel work adds commands without touching dispatch.</summary>
internal static class CliCommands
{
    public static IReadOnlyList<ICliCommand> All() =>
    [
        new DemoCommand(),
        new ClassifyCommand(),
        new ReplayPoisonCommand(),
        new ReanalyzeCommand(),
        new SubscribersCommand(),
        new OfficialsCommand(),
        new SourcesCommand(),
        new DigestCommand(),
        new LoadCommand(),
        new FeedCommand(),
        new EvalCommand(),
        new FeedbackCommand(),
        new TrainCommand(),
    ];
}
