using System.ComponentModel.DataAnnotations;

namespace Alerts.Core.Sources;

/// <summary>
/// Where the keyless social sources are read (section <c>Social</c>). The defaults are the public services;
/// tests point them at local fakes. No setting here is a secret: none of these sources needs a key.
/// </summary>
public sealed class SocialOptions
{
    public const string Section = "Social";

    /// <summary>Telegram's web preview host; a channel is read at <c>{TelegramBaseUrl}/s/CHANNEL</c>.</summary>
    [Required]
    [Url]
    public string TelegramBaseUrl { get; set; } = "https://t.me";

    /// <summary>The public Bluesky AppView (no key for public accounts).</summary>
    [Required]
    [Url]
    public string BlueskyAppViewUrl { get; set; } = "https://public.api.bsky.app";

    /// <summary>The Bluesky web app, whose <c>/profile/ACTOR/rss</c> is the fallback when the AppView is down.</summary>
    [Required]
    [Url]
    public string BlueskyWebUrl { get; set; } = "https://bsky.app";

    /// <summary>Posts asked for per page: Bluesky allows 1-100, Mastodon 1-40 (it answers at most 40 whatever is asked).</summary>
    [Range(1, 40)]
    public int PageSize { get; set; } = 30;

    /// <summary>Pages followed in one poll (only when a cursor says more new posts are behind the first page).</summary>
    [Range(1, 20)]
    public int MaxPages { get; set; } = 5;

    /// <summary>Press-release links followed per poll of a listing page; the rest wait for the next poll.</summary>
    [Range(1, 50)]
    public int MaxArticlesPerPoll { get; set; } = 10;
}
