using System.CommandLine;
using System.Text.Json;
using Alerts.Core.Officials;
using Alerts.Core.Sources;
using Alerts.Core.Statements;
using Alerts.Core.Storage;
using Alerts.Local;
using Alerts.Local.Sources;
using Microsoft.Extensions.Options;

namespace Alerts.Cli.Commands;

/// <summary>
/// <c>feed [--kind feed|telegram|bluesky|mastodon|page] FILE|ADDRESS [--selector CSS] [--officials FILE] [--allow-private]</c>:
/// what a source yields, one JSON line per item (title, link, published, text, author, language, the watched
/// officials matched and the text attributed to each). With a kind, ADDRESS is what a source of that kind
/// holds (a channel, a handle, an account URL, a listing URL) and FILE a saved page or response body of that
/// kind. A source the parser or the fetcher refuses exits 1 with the reason on one line.
/// </summary>
internal sealed class FeedCommand : ICliCommand
{
    // Relaxed escaping: the output is read in a terminal or by jq, never embedded in HTML.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public Command Create(CliConsole console)
    {
        var location = new Argument<string>("FILE|ADDRESS") { Description = "A saved feed or page, or an http(s) URL (with --kind, what a source of that kind holds)" };
        var kindName = new Option<string?>("--kind") { Description = "Read it as this kind of source (default: feed)", HelpName = "telegram|bluesky|mastodon|page" };
        kindName.AcceptOnlyFromAmong(StringComparer.OrdinalIgnoreCase, "feed", "telegram", "bluesky", "mastodon", "page");
        var selector = new Option<string?>("--selector") { Description = "CSS selector of the links on a page's listing", HelpName = "CSS" };
        var officials = new Option<string?>("--officials") { Description = "Officials to match (default: seeds/officials.json)", HelpName = "FILE" };
        var allowPrivate = new Option<bool>("--allow-private") { Description = "Allow loopback and private addresses" };
        var command = new Command("feed", "Items a source yields, as JSON lines") { location, kindName, selector, officials, allowPrivate };
        command.SetAction((result, ct) => RunAsync(
            result.GetRequiredValue(location),
            result.GetValue(kindName) is { } k ? Enum.Parse<SourceKind>(k, ignoreCase: true) : null,
            result.GetValue(selector),
            result.GetValue(officials),
            result.GetValue(allowPrivate),
            console,
            ct));
        return command;
    }

    private static async Task<int> RunAsync(string location, SourceKind? kind, string? selector, string? officialsPath, bool allowPrivate, CliConsole console, CancellationToken cancellationToken)
    {
        IReadOnlyList<Official> officials;
        try
        {
            officials = await LoadOfficialsAsync(officialsPath, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            await console.Error.WriteLineAsync($"alerts feed: cannot read officials: {ex.Message}");
            return 2;
        }

        var result = kind is null or SourceKind.Feed
            ? await ReadAsync(location, allowPrivate, cancellationToken)
            : await SocialSourceCommand.ReadAsync(kind.Value, location, selector, allowPrivate, cancellationToken);
        if (result.Status == SourceReadStatus.Failed)
        {
            await console.Error.WriteLineAsync($"alerts feed: refused {location}: {result.Error}");
            return 1;
        }

        var extractor = new StatementExtractor();
        foreach (var item in result.Items)
        {
            var statements = extractor.Extract(item, officials);
            var line = new FeedLine(
                item.Id,
                item.Title,
                item.Link,
                item.Published,
                item.Text,
                item.Author,
                item.Language,
                statements.Select(s => s.Official.Name).ToList(),
                statements.Select(s => new FeedLineStatement(s.Official.Id, s.Text, s.Quotes ?? [])).ToList());
            await console.Out.WriteLineAsync(JsonSerializer.Serialize(line, Json));
        }

        return 0;
    }

    private static async Task<SourceReadResult> ReadAsync(string location, bool allowPrivate, CancellationToken cancellationToken)
    {
        var parser = new FeedParser();
        if (Uri.TryCreate(location, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            var options = new FetchOptions { AllowPrivateAddresses = allowPrivate };
            using var client = new HttpClient(HttpFeedReader.CreateHandler(options));
            var reader = new HttpFeedReader(client, parser, Options.Create(options));
            return await reader.ReadAsync(new SourceDefinition("cli", "cli", SourceKind.Feed, location, TimeSpan.FromMinutes(5)), SourceCheckpoint.Empty, cancellationToken);
        }

        if (!File.Exists(location))
        {
            return SourceReadResult.Failed("no such file, and not an http(s) URL");
        }

        return await new FileSourceReader(parser, Options.Create(new FetchOptions { AllowPrivateAddresses = allowPrivate })).ReadAsync(new SourceDefinition("cli", "cli", SourceKind.File, Path.GetFullPath(location), TimeSpan.FromMinutes(5)), SourceCheckpoint.Empty, cancellationToken);
    }

    /// <summary>The given officials file, else the checkout's seeds/officials.json, else none (items print without matches).</summary>
    private static async Task<IReadOnlyList<Official>> LoadOfficialsAsync(string? path, CancellationToken cancellationToken)
    {
        path ??= RepositoryRoot.TryFind() is { } root ? Path.Combine(root, "seeds", "officials.json") : null;
        if (path is null || !File.Exists(path))
        {
            return [];
        }

        await using var stream = File.OpenRead(path);
        var officials = await JsonSerializer.DeserializeAsync<List<Official>>(stream, QueueMessageJson.Options, cancellationToken) ?? [];
        return officials.Select(o => o with { Aliases = o.Aliases ?? [] }).ToList();
    }

    private sealed record FeedLine(string Id, string? Title, string? Link, DateTimeOffset? Published, string Text, string? Author, string? Language, IReadOnlyList<string> Officials, IReadOnlyList<FeedLineStatement> Statements);

    private sealed record FeedLineStatement(string OfficialId, string Text, IReadOnlyList<string> Quotes);
}
