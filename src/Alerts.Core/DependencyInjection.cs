using Alerts.Core.Configuration;
using Alerts.Core.Delivery;
using Alerts.Core.Pipeline;
using Alerts.Core.Seeding;
using Alerts.Core.Sources;
using Alerts.Core.Statements;
using Alerts.Core.Storage;
using Alerts.Core.Subscriptions;
using Alerts.Core.Threats;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SendGrid;

namespace Alerts.Core;

/// <summary>Every registration of the core, shared by the Functions host, the CLI and the tests.</summary>
public static class DependencyInjection
{
    public static IServiceCollection AddAlertsCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingletonTimeProvider();
        services.AddOptions<StorageOptions>()
            .Configure(options => BindStorage(configuration, options))
            .Validate(o => o.IsConfigured, "Storage is not configured: set AzureWebJobsStorage to a connection string, or AzureWebJobsStorage__tableServiceUri and AzureWebJobsStorage__queueServiceUri.")
            .ValidateOnStart();
        services.AddOptions<AlertsOptions>().Bind(configuration.GetSection(AlertsOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SendGridOptions>().Bind(configuration.GetSection(SendGridOptions.Section)).ValidateDataAnnotations()
            .Validate(o => !string.IsNullOrWhiteSpace(o.ApiKey) || !string.IsNullOrWhiteSpace(configuration[$"{AlertsOptions.Section}:OutboxPath"]),
                "No way to send email: set SendGrid__ApiKey (Key Vault in Azure), or Alerts__OutboxPath for a local outbox folder.")
            .ValidateOnStart();
        services.AddOptions<FetchOptions>().Bind(configuration.GetSection(FetchOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<TokenOptions>().Bind(configuration.GetSection(TokenOptions.Section)).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton(sp => new StorageClients(sp.GetRequiredService<IOptions<StorageOptions>>().Value));
        services.AddSingleton<StorageInitializer>();
        services.AddSingleton<QueueWriter>();

        services.AddSingleton<OfficialStore>();
        services.AddSingleton<SourceStore>();
        services.AddSingleton<StatementStore>();
        services.AddSingleton<SubscriptionStore>();
        services.AddSingleton<DeliveryLedger>();

        services.AddSingleton<FeedParser>();
        services.AddSingleton<ISourceReader, FileSourceReader>();
        services.AddHttpClient(HttpFeedReader.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => HttpFeedReader.CreateHandler(sp.GetRequiredService<IOptions<FetchOptions>>().Value));
        services.AddSingleton<ISourceReader>(sp => new HttpFeedReader(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpFeedReader.HttpClientName),
            sp.GetRequiredService<FeedParser>(),
            sp.GetRequiredService<IOptions<FetchOptions>>()));
        services.AddSingleton<IStatementExtractor, StatementExtractor>();
        services.AddSingleton<PollScheduler>();
        services.AddSingleton<SourcePoller>();

        services.AddSingleton<IThreatAnalyzer, ThreatAnalyzer>();
        services.AddSingleton<StatementProcessor>();

        services.AddSingleton<SubscriptionTokens>();
        services.AddSingleton<AlertEmailRenderer>();
        services.AddHttpClient("sendgrid");
        services.AddSingleton<IEmailSender>(CreateEmailSender);
        services.AddSingleton<AlertDeliverer>();

        services.AddSingleton<QueueMessageHandler>();
        services.AddSingleton<LocalPipelineRunner>();
        services.AddSingleton<SeedLoader>();
        return services;
    }

    private static void TryAddSingletonTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }

    /// <summary>
    /// <c>AzureWebJobsStorage</c> is either a connection string or, identity-based, a section with
    /// <c>tableServiceUri</c>, <c>queueServiceUri</c> and <c>clientId</c>.
    /// </summary>
    private static void BindStorage(IConfiguration configuration, StorageOptions options)
    {
        var value = configuration[AlertsNames.Settings.Storage];
        if (!string.IsNullOrWhiteSpace(value))
        {
            options.ConnectionString = value == "UseDevelopmentStorage=true"
                ? AzuriteServer.BuildConnectionString(10000, 10001, 10002)
                : value;
            return;
        }

        var section = configuration.GetSection(AlertsNames.Settings.Storage);
        options.TableServiceUri = Uri.TryCreate(section["tableServiceUri"], UriKind.Absolute, out var tables) ? tables : null;
        options.QueueServiceUri = Uri.TryCreate(section["queueServiceUri"], UriKind.Absolute, out var queues) ? queues : null;
        options.ClientId = section["clientId"];
    }

    private static IEmailSender CreateEmailSender(IServiceProvider sp)
    {
        var sendGrid = sp.GetRequiredService<IOptions<SendGridOptions>>().Value;
        if (string.IsNullOrWhiteSpace(sendGrid.ApiKey))
        {
            var outbox = sp.GetRequiredService<IOptions<AlertsOptions>>().Value.OutboxPath ?? "outbox";
            return new OutboxEmailSender(outbox, sendGrid);
        }

        var clientOptions = new SendGridClientOptions { ApiKey = sendGrid.ApiKey };
        if (!string.IsNullOrWhiteSpace(sendGrid.BaseUrl))
        {
            clientOptions.Host = sendGrid.BaseUrl;
        }

        var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient("sendgrid");
        return new SendGridEmailSender(new SendGridClient(http, clientOptions), sendGrid, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<SendGridEmailSender>>());
    }
}
