using System.Text;
using Alerts.Cli;
using Alerts.Cli.Commands;
using Alerts.Core.Officials;
using Alerts.Core.Statements;
using Alerts.Core.Storage;
using Alerts.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Core.IntegrationTests.Officials;

/// <summary>
/// The CLI's <c>officials add</c> and <c>POST /api/manage/officials</c> go through one <see cref="OfficialAdmin"/>:
/// the same bad input is refused with the same words by both. Bad input is refused before any storage call,
/// so no emulator is needed (the connection string points nowhere).
/// </summary>
public sealed class OfficialAdmin_CliAndHttp
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ServiceProvider Services() =>
        new ServiceCollection()
            .AddLogging()
            .AddSingleton(new StorageClients(new StorageOptions { ConnectionString = "UseDevelopmentStorage=true" }))
            .AddSingleton<OfficialStore>()
            .AddSingleton<OfficialAdmin>()
            .BuildServiceProvider();

    private static async Task<string[]> CliErrorsAsync(IServiceProvider services, params string[] args)
    {
        using var error = new StringWriter();
        var code = await OfficialsCommand.RunAsync(args, new CliConsole(TextReader.Null, TextWriter.Null, error), services, Ct);
        Assert.Equal(1, code);
        return error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private static async Task<(int? Status, string? ContentType, string[] Errors)> HttpErrorsAsync(IServiceProvider services, string json)
    {
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Method = "POST";
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(json));
        var result = Assert.IsType<ObjectResult>(await new ManageOfficials(services.GetRequiredService<OfficialAdmin>()).ListOrAdd(context.Request, Ct));
        var problem = Assert.IsType<ValidationProblemDetails>(result.Value);
        return (result.StatusCode, result.ContentTypes.SingleOrDefault(), problem.Errors.Values.SelectMany(m => m).ToArray());
    }

    [Fact]
    public async Task ABadIdIsRefusedWithTheSameWordsByTheCliAndTheEndpoint()
    {
        await using var services = Services();

        var cli = await CliErrorsAsync(services, "add", "bad/id", "X");
        var http = await HttpErrorsAsync(services, """{"id":"bad/id","name":"X"}""");

        Assert.Equal(["id must be 1-100 characters of a-z, 0-9 and '-', e.g. khawaja-asif."], cli);
        Assert.Equal(cli, http.Errors);
        Assert.Equal(400, http.Status);
        Assert.Equal("application/problem+json", http.ContentType);
    }

    [Fact]
    public async Task EveryBadFieldIsNamedAndTheCliSaysTheSame()
    {
        await using var services = Services();
        var longName = new string('n', 201);

        var cli = await CliErrorsAsync(services, "add", "bad id", longName, "--accounts", "myspace:x");
        var http = await HttpErrorsAsync(services, $$"""{"id":"bad id","name":"{{longName}}","accounts":["myspace:x"]}""");

        Assert.Equal(3, cli.Length);
        Assert.Contains("unknown platform 'myspace' (telegram, bluesky or mastodon)", cli);
        Assert.Contains("name is required (at most 200 characters).", cli);
        Assert.Equal(cli, http.Errors);
    }
}
