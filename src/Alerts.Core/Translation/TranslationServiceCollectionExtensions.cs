using Alerts.Core.Storage;
using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Alerts.Core.Translation;

public static class TranslationServiceCollectionExtensions
{
    /// <summary>
    /// The optional translation stage (the statement judge that uses it is registered with the statements).
    /// <c>Translator__Enabled=true</c> without a usable <c>Translator__Endpoint</c> fails at start-up, naming the settings.
    /// </summary>
    public static IServiceCollection AddTranslation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TranslatorOptions>()
            .Bind(configuration.GetSection(TranslatorOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.IsValid, "Translator__Enabled is true but Translator__Endpoint is not an absolute http(s) address.")
            .ValidateOnStart();
        services.TryAddSingleton(sp => new TranslatorCredential(CreateCredential(sp.GetRequiredService<IOptions<StorageOptions>>().Value)));
        services.AddHttpClient(AzureTextTranslator.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.TryAddSingleton<ITextTranslator>(sp => new AzureTextTranslator(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(AzureTextTranslator.HttpClientName),
            sp.GetRequiredService<TranslatorCredential>(),
            sp.GetRequiredService<IOptions<TranslatorOptions>>(),
            sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>The app's user-assigned identity (the one its storage uses) in Azure; the developer's sign-in locally.</summary>
    private static TokenCredential CreateCredential(StorageOptions storage) =>
        string.IsNullOrWhiteSpace(storage.ClientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(storage.ClientId));
}
