using System.ComponentModel.DataAnnotations;

namespace Alerts.Core.Sources;

/// <summary>X API v2 access (section <c>X</c>; app setting <c>X__BearerToken</c>, a Key Vault reference in Azure).</summary>
public sealed class XOptions
{
    public const string Section = "X";

    /// <summary>The app-only bearer token; without it X sources fail with a clear reason and the rest runs.</summary>
    public string? BearerToken { get; set; }

    /// <summary>The API root; tests point it at a local fake.</summary>
    [Required]
    [Url]
    public string BaseUrl { get; set; } = "https://api.x.com";

    /// <summary>Posts per page (the API allows 5 to 100).</summary>
    [Range(5, 100)]
    public int MaxResults { get; set; } = 100;

    /// <summary>
    /// How far back the first poll of a new account reaches (no since_id yet): a new source should report
    /// what the official says from now on, not raise alerts on a year of old posts.
    /// </summary>
    [Range(typeof(TimeSpan), "00:05:00", "30.00:00:00")]
    public TimeSpan FirstPollLookback { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Pages followed in one poll; more posts than this in one poll interval means the oldest are skipped.</summary>
    [Range(1, 32)]
    public int MaxPages { get; set; } = 5;
}
