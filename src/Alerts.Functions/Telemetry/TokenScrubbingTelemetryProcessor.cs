using Alerts.Core.Subscriptions;
using Microsoft.ApplicationInsights.Channel;
using Microsoft.ApplicationInsights.DataContracts;
using Microsoft.ApplicationInsights.Extensibility;

namespace Alerts.Functions.Telemetry;

/// <summary>
/// Strips link tokens from every telemetry item the worker sends to Application Insights: request and
/// dependency URLs, trace and exception messages, and every custom property (ASP.NET Core's "Request
/// starting ... /api/preferences?token=..." lines among them). The Functions host's own request telemetry
/// never passes through the worker; docs/operations.md says how that is handled.
/// </summary>
public sealed class TokenScrubbingTelemetryProcessor(ITelemetryProcessor next) : ITelemetryProcessor
{
    public void Process(ITelemetry item)
    {
        Scrub(item);
        next.Process(item);
    }

    public static void Scrub(ITelemetry item)
    {
        switch (item)
        {
            case RequestTelemetry request:
                request.Url = LinkTokenRedactor.Redact(request.Url);
                request.Name = LinkTokenRedactor.Redact(request.Name);
                break;
            case DependencyTelemetry dependency:
                dependency.Data = LinkTokenRedactor.Redact(dependency.Data);
                dependency.Name = LinkTokenRedactor.Redact(dependency.Name);
                break;
            case TraceTelemetry trace:
                trace.Message = LinkTokenRedactor.Redact(trace.Message);
                break;
            case ExceptionTelemetry exception:
                exception.Message = LinkTokenRedactor.Redact(exception.Message);
                break;
            case EventTelemetry telemetryEvent:
                telemetryEvent.Name = LinkTokenRedactor.Redact(telemetryEvent.Name);
                break;
        }

        if (item is ISupportProperties withProperties)
        {
            foreach (var key in withProperties.Properties.Keys.ToList())
            {
                withProperties.Properties[key] = LinkTokenRedactor.Redact(withProperties.Properties[key]);
            }
        }
    }
}
