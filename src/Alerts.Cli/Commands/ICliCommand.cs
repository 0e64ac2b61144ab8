namespace Alerts.Cli.Commands;

/// <summary>One CLI verb. Output goes to the given writers so tests can run commands in-process.</summary>
internal interface ICliCommand
{
    string Name { get; }

    string Usage { get; }

    Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken);
}

internal sealed record CliConsole(TextReader In, TextWriter Out, TextWriter Error)
{
    public static CliConsole System { get; } = new(global::System.Console.In, global::System.Console.Out, global::System.Console.Error);
}
