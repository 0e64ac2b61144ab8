using System.Text;
using System.Text.Json;
using Alerts.Cli;
using Alerts.Cli.Commands;
using Alerts.Core.Officials;
using Alerts.Core.Sources;
using Alerts.Core.Statements;
using Alerts.Core.Storage;
using Alerts.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Core.IntegrationTests.Sources;

/// <summary>The new kinds and official accounts through the operator admin (CLI and the manage endpoints) over Azurite.</summary>
[Collection(AzuriteSuite.Name)]
public sealed class SourceAdmin_Azurite(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(int Code, string Out, string Error)> Run(Func<CliConsole, Task<int>> command)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await command(new CliConsole(TextReader.Null, output, error));
        return (code, output.ToString(), error.ToString());
    }

    private async Task<ServiceProvider> ServicesAsync()
    {
        var services = azurite.BuildServices(Path.Combine(Path.GetTempPath(), "alerts-admin-" + Guid.NewGuid().ToString("n")));
        await services.GetRequiredService<StorageInitializer>().EnsureCreatedAsync(Ct);
        return services;
    }

    [Fact]
    public async Task AddsEachNewKindFromTheCliAndRefusesALocationThatDoesNotFitItsKind()
    {
        await using var services = await ServicesAsync();

        var telegram = await Run(c => SourcesCommand.RunAsync(["add", "cli-mid-telegram", "telegram", "@MID_Russia", "--interval", "10"], c, services, Ct));
        var page = await Run(c => SourcesCommand.RunAsync(["add", "cli-mofa-press", "page", "https://mofa.example/press", "--selector", ".press-list a"], c, services, Ct));
        var badHandle = await Run(c => SourcesCommand.RunAsync(["add", "cli-bad-bsky", "bluesky", "not a handle"], c, services, Ct));
        var badSelector = await Run(c => SourcesCommand.RunAsync(["add", "cli-bad-sel", "mastodon", "https://truthsocial.com/@realDonaldTrump", "--selector", "a"], c, services, Ct));
        var badKind = await Run(c => SourcesCommand.RunAsync(["add", "cli-file", "file", "/etc/passwd"], c, services, Ct));
        var store = services.GetRequiredService<SourceStore>();
        var stored = await store.GetAsync("cli-mofa-press", Ct);

        Assert.Equal(0, telegram.Code);
        Assert.Equal(SourceKind.Telegram, (await store.GetAsync("cli-mid-telegram", Ct))!.Definition.Kind);
        Assert.Equal(TimeSpan.FromMinutes(10), (await store.GetAsync("cli-mid-telegram", Ct))!.Definition.PollInterval);
        Assert.Equal(0, page.Code);
        Assert.Equal(".press-list a", stored!.Definition.Selector);
        Assert.Equal((1, "not a Bluesky handle, DID or bsky.app/profile URL: not a handle"), (badHandle.Code, badHandle.Error.TrimEnd()));
        Assert.Equal((1, "a selector is only for page sources"), (badSelector.Code, badSelector.Error.TrimEnd()));
        Assert.Equal(1, badKind.Code);
        Assert.Null(await store.GetAsync("cli-file", Ct));
    }

    [Fact]
    public async Task ListsASourcesLastFailureReason()
    {
        await using var services = await ServicesAsync();
        var store = services.GetRequiredService<SourceStore>();
        await store.UpsertDefinitionAsync(new SourceDefinition("cli-failing-bsky", "Failing", SourceKind.Bluesky, "gone.bsky.social", TimeSpan.FromMinutes(5)), Ct);
        await store.SaveCheckpointAsync("cli-failing-bsky", SourceCheckpoint.Empty with { ConsecutiveFailures = 2, LastError = "no Bluesky account gone.bsky.social (HTTP 400 InvalidRequest: Profile not found)" }, [], Ct);

        var listed = await Run(c => SourcesCommand.RunAsync(["list"], c, services, Ct));

        Assert.Contains("cli-failing-bsky", listed.Out, StringComparison.Ordinal);
        Assert.Contains("FAILING x2: no Bluesky account gone.bsky.social (HTTP 400 InvalidRequest: Profile not found)", listed.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeepsAnOfficialsAccountsPerPlatformAndRefusesMalformedOnes()
    {
        await using var services = await ServicesAsync();

        var added = await Run(c => OfficialsCommand.RunAsync(["add", "maria-z", "Maria Zakharova", "--accounts", "telegram:@MariaVladimirovnaZ, bluesky:Zakharova.bsky.social,mastodon:mz@mastodon.example"], c, services, Ct));
        var bad = await Run(c => OfficialsCommand.RunAsync(["add", "bad-accounts", "X", "--accounts", "myspace:x"], c, services, Ct));
        var listed = await Run(c => OfficialsCommand.RunAsync(["list"], c, services, Ct));
        var official = await services.GetRequiredService<OfficialStore>().GetAsync("maria-z", Ct);

        Assert.Equal(0, added.Code);
        Assert.Equal(["telegram:mariavladimirovnaz", "bluesky:zakharova.bsky.social", "mastodon:mz@mastodon.example"], official!.Accounts!);
        Assert.Contains("[telegram:mariavladimirovnaz, bluesky:zakharova.bsky.social, mastodon:mz@mastodon.example]", listed.Out, StringComparison.Ordinal);
        Assert.Equal((1, "unknown platform 'myspace' (telegram, bluesky or mastodon)"), (bad.Code, bad.Error.TrimEnd()));
    }

    [Fact]
    public async Task TheManageEndpointsAddListAndRemoveSourcesAndKeepAccountsOnOfficials()
    {
        await using var services = await ServicesAsync();
        var function = new ManageSources(services.GetRequiredService<SourceStore>());
        var officials = new ManageOfficials(services.GetRequiredService<OfficialAdmin>());

        var created = await Send(c => function.ListOrAdd(c, Ct), "POST", """{"id":"http-truth","kind":"mastodon","location":"https://truthsocial.com/@realDonaldTrump","pollIntervalMinutes":2}""");
        var refused = await Send(c => function.ListOrAdd(c, Ct), "POST", """{"id":"http-bad","kind":"telegram","location":"https://t.me/s/x"}""");
        var file = await Send(c => function.ListOrAdd(c, Ct), "POST", """{"id":"http-file","kind":"File","location":"/etc/passwd"}""");
        var listed = await Send(c => function.ListOrAdd(c, Ct), "GET", null);
        var official = await Send(c => officials.ListOrAdd(c, Ct), "POST", """{"id":"http-trump","name":"Donald Trump","accounts":["mastodon:realDonaldTrump@truthsocial.com"]}""");
        var badOfficial = await Send(c => officials.ListOrAdd(c, Ct), "POST", """{"id":"http-bad-official","name":"X","accounts":["telegram:no"]}""");
        var removed = await function.Remove(new DefaultHttpContext().Request, "http-truth", Ct);

        Assert.Equal(201, created.StatusCode);
        Assert.Equal(400, refused.StatusCode);
        Assert.Contains("not a Telegram channel name", JsonSerializer.Serialize(refused.Value), StringComparison.Ordinal);
        Assert.Equal(400, file.StatusCode);
        Assert.Contains(((IEnumerable<SourceView>)listed.Value!), s => s.Id == "http-truth" && s.Kind == "Mastodon" && s.PollIntervalMinutes == 2);
        Assert.Equal(201, official.StatusCode);
        Assert.Equal(["mastodon:realdonaldtrump@truthsocial.com"], (await services.GetRequiredService<OfficialStore>().GetAsync("http-trump", Ct))!.Accounts!);
        Assert.Equal(400, badOfficial.StatusCode);
        Assert.IsType<NoContentResult>(removed);
        Assert.Null(await services.GetRequiredService<SourceStore>().GetAsync("http-truth", Ct));
    }

    [Fact]
    public async Task LoadsOfficialsAccountsAndAPageSourcesSelectorFromSeeds()
    {
        await using var services = await ServicesAsync();
        var folder = Path.Combine(Path.GetTempPath(), "alerts-seeds-" + Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(folder);
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "officials.json"), """[{"id":"seed-zakharova","name":"Maria Zakharova","aliases":[],"accounts":["telegram:@MariaVladimirovnaZ"]}]""", Ct);
            await File.WriteAllTextAsync(Path.Combine(folder, "sources.json"), """[{"id":"seed-mfa-press","name":"MFA press","kind":"page","location":"https://mid.example/press","selector":"ul.news a"},{"id":"seed-mfa-tg","name":"MFA","kind":"Telegram","location":"MID_Russia"}]""", Ct);

            await services.GetRequiredService<Alerts.Core.Seeding.SeedLoader>().LoadAsync(folder, Ct);

            Assert.Equal(["telegram:mariavladimirovnaz"], (await services.GetRequiredService<OfficialStore>().GetAsync("seed-zakharova", Ct))!.Accounts!);
            var page = (await services.GetRequiredService<SourceStore>().GetAsync("seed-mfa-press", Ct))!.Definition;
            Assert.Equal((SourceKind.Page, "ul.news a"), (page.Kind, page.Selector));
            Assert.Equal(SourceKind.Telegram, (await services.GetRequiredService<SourceStore>().GetAsync("seed-mfa-tg", Ct))!.Definition.Kind);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // A JSON answer is a JsonResult; a refusal, problem details in an ObjectResult.
    private static async Task<(int? StatusCode, object? Value)> Send(Func<HttpRequest, Task<IActionResult>> endpoint, string method, string? body)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body ?? ""));
        return await endpoint(context.Request) switch
        {
            JsonResult json => (json.StatusCode, json.Value),
            ObjectResult problem => (problem.StatusCode, Assert.IsType<ValidationProblemDetails>(problem.Value)),
            var other => throw new InvalidOperationException($"unexpected {other.GetType().Name}"),
        };
    }
}
