using System.CommandLine;
using System.Globalization;
using Alerts.Core.Delivery;
using Alerts.Core.Email;
using Alerts.Core.Pipeline;
using Alerts.Core.Seeding;
using Alerts.Core.Sources;
using Alerts.Core.Statements;
using Alerts.Core.Storage;
using Alerts.Local;
using Alerts.Local.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Cli.Commands;

/// <summary>
/// <c>demo</c>: Azurite, the seeds, one full cycle through the services the functions use, a table of what
/// was found, and the emails in an outbox folder (or sent through SendGrid when <c>SENDGRID_API_KEY</c> is set).
/// </summary>
internal sealed class DemoCommand : ICliCommand
{
    public Command Create(CliConsole console)
    {
        var outbox = new Option<string?>("--outbox") { Description = "Folder for the emails (default: outbox/ in the checkout)", HelpName = "DIR" };
        var command = new Command("demo", "Run one full cycle on the seeds (starts Azurite)") { outbox };
        command.SetAction((result, ct) => RunAsync(result.GetValue(outbox), console, ct));
        return command;
    }

    private static async Task<int> RunAsync(string? outboxOption, CliConsole console, CancellationToken cancellationToken)
    {
        var root = RepositoryRoot.Find();
        var outbox = outboxOption is null ? Path.Combine(root, "outbox") : Path.GetFullPath(outboxOption);
        await console.Out.WriteLineAsync("Starting local storage (Azurite on 127.0.0.1:10000-10002, data in .azurite/) ...");
        var (connection, server) = await CliHost.LocalStorageAsync(root, cancellationToken);
        try
        {
            return await RunCycleAsync(root, connection, outbox, console, cancellationToken);
        }
        finally
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }
    }

    internal static async Task<int> RunCycleAsync(string root, string connection, string outbox, CliConsole console, CancellationToken cancellationToken)
    {
        var apiKey = Environment.GetEnvironmentVariable("SENDGRID_API_KEY");
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = connection,
            ["Alerts:OutboxPath"] = outbox,
            ["Tokens:SigningKey"] = Environment.GetEnvironmentVariable("Tokens__SigningKey") ?? CliHost.LocalSigningKey(root),
        };
        if (!string.IsNullOrWhiteSpace(apiKey))
        {
            settings["SendGrid:ApiKey"] = apiKey;
        }

        await using var services = CliHost.Build(settings);
        var recorder = new RecordingEmailSender(services.GetRequiredService<IEmailSender>());
        var started = services.GetRequiredService<TimeProvider>().GetUtcNow();

        await services.GetRequiredService<StorageInitializer>().EnsureCreatedAsync(cancellationToken);
        var seeds = await services.GetRequiredService<SeedLoader>().LoadAsync(Path.Combine(root, "seeds"), cancellationToken);
        await console.Out.WriteLineAsync($"Seeds loaded: {seeds.Officials} official(s), {seeds.Sources} source(s), {seeds.Subscribers} subscriber(s).");

        var polls = await services.GetRequiredService<PollScheduler>().ScheduleAsync(lastRun: null, cancellationToken, force: true);
        var runner = ActivatorUtilities.CreateInstance<LocalPipelineRunner>(services,
            ActivatorUtilities.CreateInstance<QueueMessageHandler>(services,
                ActivatorUtilities.CreateInstance<AlertDeliverer>(services, (IEmailSender)recorder)));
        var handled = await runner.DrainAsync(cancellationToken);

        var found = new List<StoredStatement>();
        await foreach (var statement in services.GetRequiredService<StatementStore>().ListAsync(started, cancellationToken))
        {
            found.Add(statement);
        }

        await console.Out.WriteLineAsync($"Polled {polls} source(s); {handled} queue message(s) processed.");
        await console.Out.WriteLineAsync();
        if (found.Count == 0)
        {
            await console.Out.WriteLineAsync("No new statements: every source is unchanged since the last run, so nothing was sent.");
        }
        else
        {
            await StatementTable.WriteAsync(console.Out, found);
        }

        await console.Out.WriteLineAsync();
        if (recorder.Sent.Count == 0)
        {
            await console.Out.WriteLineAsync("Emails: none sent.");
        }
        else if (string.IsNullOrWhiteSpace(apiKey))
        {
            await console.Out.WriteLineAsync($"Emails: {recorder.Sent.Count} written to {outbox}");
            foreach (var message in recorder.Sent)
            {
                var name = OutboxEmailSender.FileName(message);
                await console.Out.WriteLineAsync($"  to {message.To}: {message.Subject}");
                await console.Out.WriteLineAsync($"    {Path.Combine(outbox, name + ".eml")}");
                await console.Out.WriteLineAsync($"    {Path.Combine(outbox, name + ".html")}");
            }
        }
        else
        {
            await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Emails: {recorder.Sent.Count} sent through SendGrid."));
        }

        return 0;
    }
}
