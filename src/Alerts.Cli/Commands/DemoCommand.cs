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
        await using var services = CliHost.Build(Settings(root, connection, outbox, apiKey));
        var recorder = new RecordingEmailSender(services.GetRequiredService<IEmailSender>());
        var started = services.GetRequiredService<TimeProvider>().GetUtcNow();

        await SeedAsync(services, root, console, cancellationToken);
        var (polls, handled) = await RunStagesAsync(services, recorder, cancellationToken);
        var found = await StatementsSinceAsync(services, started, cancellationToken);

        await console.Out.WriteLineAsync($"Polled {polls} source(s); {handled} queue message(s) processed.");
        await console.Out.WriteLineAsync();
        await WriteStatementsAsync(console, found);
        await console.Out.WriteLineAsync();
        await WriteEmailsAsync(console, recorder.Sent, outbox, apiKey);
        return 0;
    }

    /// <summary>The local account, the outbox and the signing key; SendGrid only when its key is set.</summary>
    private static Dictionary<string, string?> Settings(string root, string connection, string outbox, string? apiKey)
    {
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

        return settings;
    }

    private static async Task SeedAsync(ServiceProvider services, string root, CliConsole console, CancellationToken cancellationToken)
    {
        await services.GetRequiredService<StorageInitializer>().EnsureCreatedAsync(cancellationToken);
        var seeds = await services.GetRequiredService<SeedLoader>().LoadAsync(Path.Combine(root, "seeds"), cancellationToken);
        await console.Out.WriteLineAsync($"Seeds loaded: {seeds.Officials} official(s), {seeds.Sources} source(s), {seeds.Subscribers} subscriber(s).");
    }

    /// <summary>Polls every source once and drains every queue, with the emails going through <paramref name="recorder"/>.</summary>
    private static async Task<(int Polls, int Handled)> RunStagesAsync(ServiceProvider services, RecordingEmailSender recorder, CancellationToken cancellationToken)
    {
        var polls = await services.GetRequiredService<PollScheduler>().ScheduleAsync(lastRun: null, cancellationToken, force: true);
        var runner = ActivatorUtilities.CreateInstance<LocalPipelineRunner>(services,
            ActivatorUtilities.CreateInstance<QueueMessageHandler>(services,
                ActivatorUtilities.CreateInstance<AlertDeliverer>(services, (IEmailSender)recorder)));
        var handled = await runner.DrainAsync(cancellationToken);
        return (polls, handled);
    }

    private static async Task<List<StoredStatement>> StatementsSinceAsync(ServiceProvider services, DateTimeOffset started, CancellationToken cancellationToken)
    {
        var found = new List<StoredStatement>();
        await foreach (var statement in services.GetRequiredService<StatementStore>().ListAsync(started, cancellationToken))
        {
            found.Add(statement);
        }

        return found;
    }

    private static async Task WriteStatementsAsync(CliConsole console, List<StoredStatement> found)
    {
        if (found.Count == 0)
        {
            await console.Out.WriteLineAsync("No new statements: every source is unchanged since the last run, so nothing was sent.");
        }
        else
        {
            await StatementTable.WriteAsync(console.Out, found);
        }
    }

    /// <summary>Where the emails went: the outbox files (no SendGrid key) or a count sent through SendGrid.</summary>
    private static async Task WriteEmailsAsync(CliConsole console, IReadOnlyCollection<EmailMessage> sent, string outbox, string? apiKey)
    {
        if (sent.Count == 0)
        {
            await console.Out.WriteLineAsync("Emails: none sent.");
        }
        else if (string.IsNullOrWhiteSpace(apiKey))
        {
            await console.Out.WriteLineAsync($"Emails: {sent.Count} written to {outbox}");
            foreach (var message in sent)
            {
                var name = OutboxEmailSender.FileName(message);
                await console.Out.WriteLineAsync($"  to {message.To}: {message.Subject}");
                await console.Out.WriteLineAsync($"    {Path.Combine(outbox, name + ".eml")}");
                await console.Out.WriteLineAsync($"    {Path.Combine(outbox, name + ".html")}");
            }
        }
        else
        {
            await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Emails: {sent.Count} sent through SendGrid."));
        }
    }
}
