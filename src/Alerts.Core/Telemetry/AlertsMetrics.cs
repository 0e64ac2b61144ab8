using System.Diagnostics.Metrics;

namespace Alerts.Core.Telemetry;

/// <summary>The product's counters (meter <c>Alerts</c>): what ops watch to know the pipeline is alive and healthy.</summary>
public sealed class AlertsMetrics
{
    public const string MeterName = "Alerts";

    public AlertsMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        SourcesPolled = meter.CreateCounter<long>("alerts.sources.polled", description: "Source polls, by outcome (ok, not_modified, failed)");
        StatementsFound = meter.CreateCounter<long>("alerts.statements.found", description: "New statements stored");
        Threats = meter.CreateCounter<long>("alerts.statements.threats", description: "New statements judged threats");
        EmailsSent = meter.CreateCounter<long>("alerts.emails.sent", description: "Alert emails sent");
        DeliveryFailures = meter.CreateCounter<long>("alerts.emails.failed", description: "Alert emails that failed for good");
        Poisoned = meter.CreateCounter<long>("alerts.messages.poisoned", description: "Unreadable queue messages moved to poison, by queue");
    }

    public Counter<long> SourcesPolled { get; }

    public Counter<long> StatementsFound { get; }

    public Counter<long> Threats { get; }

    public Counter<long> EmailsSent { get; }

    public Counter<long> DeliveryFailures { get; }

    public Counter<long> Poisoned { get; }
}
