using Alerts.Core.Sources;
using Microsoft.Azure.Functions.Worker;

namespace Alerts.Functions.Functions;

/// <summary>Timer: one poll request per due source. The schedule comes from the <c>PollSchedule</c> setting.</summary>
public sealed class ScheduleSourcePolls(PollScheduler scheduler)
{
    [Function(nameof(ScheduleSourcePolls))]
    public async Task Run([TimerTrigger("%PollSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        await scheduler.ScheduleAsync(timer.ScheduleStatus?.Last, cancellationToken);
    }
}
