using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Alerts.Core.Feeds;

/// <summary>Writes an <see cref="AlertFeed"/> as JSON Feed 1.1 (https://jsonfeed.org/version/1.1).</summary>
public static class JsonFeedWriter
{
    public const string Version = "https://jsonfeed.org/version/1.1";
    public const string ContentType = "application/feed+json; charset=utf-8";

    // The default encoder escapes <, > and & too, so the JSON stays inert even if a tool pastes it into HTML.
    private static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.Default,
        WriteIndented = true,
    };

    public static string Write(AlertFeed feed) => JsonSerializer.Serialize(
        new JsonFeedDocument(
            Version,
            feed.Title,
            feed.AlternateUrl,
            feed.SelfUrl,
            [new JsonFeedAuthor("Alerts")],
            feed.Entries.Select(e => new JsonFeedItem(
                e.Id,
                e.Link,
                e.Title,
                e.Html,
                e.Text,
                e.Summary,
                e.Published,
                e.Updated,
                [new JsonFeedAuthor(e.Author)],
                [.. e.Categories],
                new JsonFeedAlertExtension(e.Level, e.Categories))).ToList()),
        Options);

    private sealed record JsonFeedDocument(
        [property: JsonPropertyName("version")] string Version,
        [property: JsonPropertyName("title")] string Title,
        [property: JsonPropertyName("home_page_url")] string HomePageUrl,
        [property: JsonPropertyName("feed_url")] string FeedUrl,
        [property: JsonPropertyName("authors")] IReadOnlyList<JsonFeedAuthor> Authors,
        [property: JsonPropertyName("items")] IReadOnlyList<JsonFeedItem> Items);

    private sealed record JsonFeedAuthor([property: JsonPropertyName("name")] string Name);

    private sealed record JsonFeedItem(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("url")] string? Url,
        [property: JsonPropertyName("title")] string Title,
        [property: JsonPropertyName("content_html")] string ContentHtml,
        [property: JsonPropertyName("content_text")] string ContentText,
        [property: JsonPropertyName("summary")] string Summary,
        [property: JsonPropertyName("date_published")] DateTimeOffset? DatePublished,
        [property: JsonPropertyName("date_modified")] DateTimeOffset DateModified,
        [property: JsonPropertyName("authors")] IReadOnlyList<JsonFeedAuthor> Authors,
        [property: JsonPropertyName("tags")] IReadOnlyList<string> Tags,
        [property: JsonPropertyName("_alerts")] JsonFeedAlertExtension Alerts);

    /// <summary>JSON Feed extensions start with an underscore; this one carries the level for chat-tool filters.</summary>
    private sealed record JsonFeedAlertExtension(
        [property: JsonPropertyName("level")] string Level,
        [property: JsonPropertyName("categories")] IReadOnlyList<string> Categories);
}
