using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Core.Subscriptions;

public static class SubscriptionsServiceCollectionExtensions
{
    /// <summary>Subscriber storage, signed link tokens, the opt-in flow, the subscriber pages and the admin tasks.</summary>
    public static IServiceCollection AddSubscriptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TokenOptions>().Bind(configuration.GetSection(TokenOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SubscribeOptions>().Bind(configuration.GetSection(SubscribeOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SubscriptionStore>();
        services.AddSingleton<SubscribeRateLimiter>();
        services.AddSingleton<SubscriptionTokens>();
        services.AddSingleton<SubscriptionValidator>();
        services.AddSingleton<ConfirmationEmailRenderer>();
        services.AddSingleton<SubscriptionService>();
        services.AddSingleton<SubscriptionPages>();
        services.AddSingleton<SubscriberAdmin>();
        return services;
    }
}
