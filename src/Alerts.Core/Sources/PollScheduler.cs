using Alerts.Core.Configuration;
using Alerts.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Alerts.Core.Sources;

/// <summary>The timer stage: one <c>poll-requests</c> message per due source.</summary>
public sealed class PollScheduler(SourceStore sources, QueueWriter queues, TimeProvider time, ILogger<PollScheduler> logger)
{
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromMinutes(5);

    /// <param name="lastRun">When the previous tick ran; a late or missed tick widens the window so no source is skipped.</param>
    /// <param name="force">Poll every enabled source now (the CLI's one-off cycle), whatever its schedule.</param>
    public async Task<int> ScheduleAsync(DateTimeOffset? lastRun, CancellationToken cancellationToken, bool force = false)
    {
        var now = time.GetUtcNow();
        var windowStart = lastRun is { } last && last < now && now - last < TimeSpan.FromDays(1) ? last : now - DefaultWindow;
        var due = new List<SourceRecord>();
        await foreach (var source in sources.ListAsync(cancellationToken))
        {
            if (force ? source.Definition.Enabled : SourceSchedule.IsDue(source, windowStart, now))
            {
                due.Add(source);
            }
        }

        var correlation = "poll-" + now.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (source, ct) =>
        {
            var request = new PollRequest(source.Definition.Id, now, $"{correlation}-{source.Definition.Id}");
            await queues.SendAsync(AlertsNames.Queues.PollRequests, request, ct);
        });

        logger.PollsScheduled(due.Count, windowStart, now);
        return due.Count;
    }
}
