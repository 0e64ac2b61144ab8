using Alerts.Cli;
using Alerts.Cli.Commands;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

return await CliApp.CreateDefault().RunAsync(args, CliConsole.System, cancellation.Token);
