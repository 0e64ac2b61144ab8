using Alerts.Core;
using Alerts.Core.Pipeline;
using Alerts.Functions.Http;
using Alerts.Functions.Telemetry;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Alerts.Functions;

/// <summary>Builds the worker host; Program.cs and the tests both call this, so the tests prove what runs.</summary>
public static class AlertsFunctionsApp
{
    public static FunctionsApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();

        // Inside the ASP.NET Core proxy (registered above), so the HTTP context is there to answer on.
        builder.UseMiddleware<ExceptionHandlingMiddleware>();
        builder.Services
            .AddApplicationInsightsTelemetryWorkerService()
            .ConfigureFunctionsApplicationInsights();

        // Link tokens in URLs and log lines are working credentials: none may reach Application Insights.
        builder.Services.AddApplicationInsightsTelemetryProcessor<TokenScrubbingTelemetryProcessor>();

        // The Application Insights SDK adds a rule that drops everything below Warning; the host.json levels should decide.
        builder.Logging.Services.Configure<LoggerFilterOptions>(options =>
        {
            var rule = options.Rules.FirstOrDefault(r => r.ProviderName == "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider");
            if (rule is not null)
            {
                options.Rules.Remove(rule);
            }
        });

        builder.Services.AddAlertsCore(builder.Configuration);
        builder.Services.AddSingleton<LivenessProbe>();
        builder.Services.AddHostedService<StorageStartup>();
        return builder;
    }
}
