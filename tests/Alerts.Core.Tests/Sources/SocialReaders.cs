using Alerts.Core.Sources;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Alerts.Core.Tests.Sources;

/// <summary>The social and page readers wired as the app wires them, over the guarded client, pointed at 127.0.0.1.</summary>
internal static class SocialReaders
{
    public static FetchOptions LocalFetch(long maxBytes = 10_000_000) => new()
    {
        AllowPrivateAddresses = true,
        TimeoutSeconds = 5,
        MaxResponseBytes = maxBytes,
        MaxRedirects = 3,
    };

    public static SourceFetcher Fetcher(FetchOptions? fetch = null)
    {
        fetch ??= LocalFetch();
        return new SourceFetcher(new HttpClient(HttpFeedReader.CreateHandler(fetch)), Options.Create(fetch));
    }

    public static IOptions<SocialOptions> Social(LocalHttpServer server, int pageSize = 30, int maxPages = 5, int maxArticles = 10) => Options.Create(new SocialOptions
    {
        TelegramBaseUrl = server.Url("").ToString().TrimEnd('/'),
        BlueskyAppViewUrl = server.Url("").ToString().TrimEnd('/'),
        BlueskyWebUrl = server.Url("").ToString().TrimEnd('/'),
        PageSize = pageSize,
        MaxPages = maxPages,
        MaxArticlesPerPoll = maxArticles,
    });

    public static FakeTimeProvider Clock() => new(new DateTimeOffset(2025, 5, 19, 17, 41, 26, TimeSpan.Zero));

    public static SourceDefinition Source(SourceKind kind, string location, string? selector = null) =>
        new($"{kind.ToString().ToLowerInvariant()}-test", $"{kind} test", kind, location, TimeSpan.FromMinutes(5), Selector: selector);
}
