using Alerts.Core.Configuration;
using Alerts.Core.Email.Templates;
using Alerts.Core.Email;
using Alerts.Core.Subscriptions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SendGrid;

namespace Alerts.Core.Delivery;

public static class DeliveryServiceCollectionExtensions
{
    /// <summary>Rendering, the delivery ledger, and the email sender: SendGrid with a key, the outbox folder without.</summary>
    public static IServiceCollection AddDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SendGridOptions>().Bind(configuration.GetSection(SendGridOptions.Section)).ValidateDataAnnotations()
            .Validate(o => !string.IsNullOrWhiteSpace(o.ApiKey) || !string.IsNullOrWhiteSpace(configuration[$"{AlertsOptions.Section}:OutboxPath"]),
                "No way to send email: set SendGrid__ApiKey (Key Vault in Azure), or Alerts__OutboxPath for a local outbox folder.")
            .ValidateOnStart();
        services.AddOptions<DeliveryOptions>().Bind(configuration.GetSection(DeliveryOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<LiquidTemplates>();
        services.AddSingleton<DeliveryLedger>();
        services.AddSingleton<ISubscriberRecords>(sp => sp.GetRequiredService<DeliveryLedger>());
        services.AddSingleton<DeliveryCap>();
        services.AddSingleton<AlertEmailRenderer>();
        services.AddSingleton<DigestEmailRenderer>();
        services.AddSingleton<DigestSender>();
        services.AddSingleton<DailyDigest>();
        services.AddSendGridHttpClient();
        services.AddHttpClient("sendgrid-activity", http => http.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<IEmailSender>(CreateEmailSender);
        services.AddSingleton<AlertDeliverer>();
        services.AddSingleton<IEmailActivity>(sp => new SendGridEmailActivity(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient("sendgrid-activity"), sp.GetRequiredService<IOptions<SendGridOptions>>()));
        services.AddSingleton<DeliveryReconciler>();
        return services;
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

        var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(SendGridResilience.ClientName);

        // Each attempt is timed inside the retries (AttemptTimeout); the client's own timeout would cut them all short.
        http.Timeout = Timeout.InfiniteTimeSpan;
        return new SendGridEmailSender(new SendGridClient(http, clientOptions), sendGrid, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<SendGridEmailSender>>());
    }
}
