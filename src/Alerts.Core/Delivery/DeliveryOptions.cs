using System.ComponentModel.DataAnnotations;

namespace Alerts.Core.Delivery;

/// <summary>Section <c>Delivery</c> (app settings <c>Delivery__*</c>).</summary>
public sealed class DeliveryOptions
{
    public const string Section = "Delivery";

    /// <summary>Immediate alerts one subscriber receives in one clock hour; the rest go into the next digest. 0 turns the cap off.</summary>
    [Range(0, 200)]
    public int MaxAlertsPerHour { get; set; } = 10;

    /// <summary>Longest window a digest covers when earlier runs were missed.</summary>
    [Range(1, 30)]
    public int MaxDigestCatchUpDays { get; set; } = 7;

    /// <summary>The UTC weekday the daily digest run also sends the weekly digests.</summary>
    public DayOfWeek WeeklyDigestDay { get; set; } = DayOfWeek.Monday;
}
