using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alerts.Core.Sources;

public static class SourcesServiceCollectionExtensions
{
    /// <summary>
    /// Readers for every source kind that a deployed host may read (their fetches retried by
    /// <see cref="SourceFetchResilience"/>), the fetch limits and the article fetcher. <see cref="SourceKind.File"/>
    /// sources are refused with a reason; local hosts (CLI, tests) add the file reader from Alerts.Local, which the
    /// Function app does not reference. Statement extraction, the poll stage and push ingest live with the statements.
    /// </summary>
    public static IServiceCollection AddSources(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FetchOptions>().Bind(configuration.GetSection(FetchOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<FeedParser>();
        services.AddSingleton<ISourceReader, FileSourcesRefused>();
        services.AddHttpClient(HttpFeedReader.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => HttpFeedReader.CreateHandler(sp.GetRequiredService<IOptions<FetchOptions>>().Value))
            .AddSourceFetchResilience();
        services.AddSingleton<ISourceReader>(sp => new HttpFeedReader(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpFeedReader.HttpClientName),
            sp.GetRequiredService<FeedParser>(),
            sp.GetRequiredService<IOptions<FetchOptions>>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddOptions<XOptions>().Bind(configuration.GetSection(XOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient(XUserReader.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => HttpFeedReader.CreateHandler(sp.GetRequiredService<IOptions<FetchOptions>>().Value))
            .AddSourceFetchResilience();
        services.AddSingleton<ISourceReader>(sp => new XUserReader(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(XUserReader.HttpClientName),
            sp.GetRequiredService<IOptions<XOptions>>(),
            sp.GetRequiredService<IOptions<FetchOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<XUserReader>>()));
        // No retries for article pages: they only lengthen a feed item's summary, within a budget of their own.
        services.AddHttpClient(ArticleTextFetcher.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => HttpFeedReader.CreateHandler(sp.GetRequiredService<IOptions<FetchOptions>>().Value));
        services.AddSingleton(sp => new ArticleTextFetcher(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(ArticleTextFetcher.HttpClientName),
            sp.GetRequiredService<IOptions<FetchOptions>>(),
            sp.GetRequiredService<ILogger<ArticleTextFetcher>>()));
        AddSocialReaders(services, configuration);
        return services;
    }

    /// <summary>Telegram, Bluesky, Mastodon and press-release pages: keyless readers over the same guarded client as feeds.</summary>
    private static void AddSocialReaders(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SocialOptions>().Bind(configuration.GetSection(SocialOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new SourceFetcher(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpFeedReader.HttpClientName),
            sp.GetRequiredService<IOptions<FetchOptions>>()));
        services.AddSingleton<ISourceReader, TelegramChannelReader>();
        services.AddSingleton<ISourceReader, BlueskyReader>();
        services.AddSingleton<ISourceReader, MastodonReader>();
        services.AddSingleton<ISourceReader, PressReleasePageReader>();
    }
}
