using Alerts.Core.Archive;
using Alerts.Core.Configuration;
using Alerts.Core.Delivery;
using Alerts.Core.Feeds;
using Alerts.Core.Officials;
using Alerts.Core.Pipeline;
using Alerts.Core.Seeding;
using Alerts.Core.Sources;
using Alerts.Core.Statements;
using Alerts.Core.Storage;
using Alerts.Core.Subscriptions;
using Alerts.Core.Telemetry;
using Alerts.Core.Threats;
using Alerts.Core.Translation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

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

        services.AddSingleton(sp => new StorageClients(sp.GetRequiredService<IOptions<StorageOptions>>().Value));
        services.AddSingleton<StorageInitializer>();
        services.AddSingleton<QueueWriter>();

        services.AddSingleton<OfficialStore>();
        services.AddSingleton<OfficialDirectory>();
        services.AddSingleton<OfficialAdmin>();
        services.AddSingleton<SourceStore>();
        services.AddSingleton<StatementStore>();
        services.AddSingleton<StatementTimeline>();

        services.AddSources(configuration);
        services.AddSingleton<PollScheduler>();
        services.AddSingleton<SourcePoller>();

        services.AddThreatAnalysis(configuration);
        services.AddTranslation(configuration);
        services.AddSingleton<StatementJudge>();
        services.AddSingleton<StatementProcessor>();
        services.AddSingleton<StatementIntake>();
        services.AddSingleton<IStatementExtractor, StatementExtractor>();
        services.AddSingleton<NearDuplicateIndex>();
        services.AddSingleton<StatementIngestor>();
        services.AddSingleton<StatementReanalyzer>();

        services.AddSubscriptions(configuration);
        services.AddDelivery(configuration);
        services.AddArchive();
        services.AddSingleton<AlertFeedBuilder>();

        services.AddSingleton<QueueMessageHandler>();
        services.AddSingleton<PoisonReplayer>();
        services.AddSingleton<HealthReporter>();
        services.AddMetrics();
        services.AddSingleton<AlertsMetrics>();
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
            options.ConnectionString = value == DevelopmentStorage.Shorthand
                ? DevelopmentStorage.DefaultConnectionString
                : value;
            return;
        }

        var section = configuration.GetSection(AlertsNames.Settings.Storage);
        options.TableServiceUri = Uri.TryCreate(section["tableServiceUri"], UriKind.Absolute, out var tables) ? tables : null;
        options.QueueServiceUri = Uri.TryCreate(section["queueServiceUri"], UriKind.Absolute, out var queues) ? queues : null;
        options.ClientId = section["clientId"];
    }
}
