using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Core.Subscriptions;

public static class SubscriptionsServiceCollectionExtensions
{
    /// <summary>Subscriber storage and the signed link tokens.</summary>
    public static IServiceCollection AddSubscriptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TokenOptions>().Bind(configuration.GetSection(TokenOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SubscriptionStore>();
        services.AddSingleton<SubscriptionTokens>();
        return services;
    }
}
