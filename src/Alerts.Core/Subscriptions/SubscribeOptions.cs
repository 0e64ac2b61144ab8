using System.ComponentModel.DataAnnotations;

namespace Alerts.Core.Subscriptions;

/// <summary>Abuse limits of the public sign-up form (section <c>Subscribe</c>).</summary>
public sealed class SubscribeOptions
{
    public const string Section = "Subscribe";

    /// <summary>
    /// Every accepted sign-up is answered no sooner than this after it arrived, whether an email went out or
    /// the address was throttled, so the answer's timing says nothing about the address.
    /// </summary>
    [Range(0, 30_000)]
    public int AnswerMilliseconds { get; set; } = 2_000;

    /// <summary>Sign-up requests one client address (an IPv6 /64) may make per hour; more get 429.</summary>
    [Range(1, 100_000)]
    public int PerIpPerHour { get; set; } = 10;

    /// <summary>Sign-up requests the whole app takes per hour, all clients together; more get 429.</summary>
    [Range(1, 10_000_000)]
    public int GlobalPerHour { get; set; } = 300;
}
