using System.Globalization;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Alerts.Core.Officials;
using Alerts.Core.Storage;

namespace Alerts.Core.Sources;

/// <summary>One post on a Telegram channel's web preview.</summary>
public sealed record TelegramPost(string Channel, long Id, DateTimeOffset? Published, string Text, string? ForwardedFrom, string? ForwardedFromLink, bool Edited, string Link);

/// <summary>What one <c>t.me/s/CHANNEL</c> page holds: the channel's title and its posts, oldest first as served.</summary>
public sealed record TelegramPage(string? Title, IReadOnlyList<TelegramPost> Posts);

/// <summary>
/// Reads the public web preview of a Telegram channel (<c>https://t.me/s/CHANNEL</c>). The markup is not
/// documented and changes now and then, so the parser keys only on the class names that have stayed put for
/// years (<c>tgme_widget_message_wrap</c>, <c>data-post</c>, <c>tgme_widget_message_text</c>,
/// <c>tgme_widget_message_date</c> &gt; <c>time[datetime]</c>, <c>tgme_widget_message_forwarded_from_name</c>)
/// and ignores the rest (reactions, views, link previews). A page that is not a channel preview is refused
/// with the reason, never read as an empty channel.
/// </summary>
public static class TelegramPreviewParser
{
    public static TelegramPage Parse(string html, Uri pageUri)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(pageUri);
        var parser = new HtmlParser();
        using var document = parser.ParseDocument(html);
        var wraps = document.QuerySelectorAll(".tgme_widget_message_wrap");
        var isPreview = wraps.Length > 0 || document.QuerySelector(".tgme_channel_history, .tgme_channel_info") is not null;
        if (!isPreview)
        {
            throw new FeedFormatException(document.QuerySelector(".tgme_page, .tgme_page_title") is not null
                ? "not a public Telegram channel: t.me answered with its contact page, not a channel preview (the name is a person, a bot, a private or deleted channel, or no channel at all)"
                : "not a Telegram channel preview: no tgme_channel_history or tgme_widget_message_wrap in the page (the layout changed, or this is another page)");
        }

        var posts = new List<TelegramPost>();
        foreach (var wrap in wraps)
        {
            var post = ReadPost(wrap, pageUri);
            if (post is not null)
            {
                posts.Add(post);
            }
        }

        if (wraps.Length > 0 && posts.Count == 0 && wraps.Any(w => w.QuerySelector("[data-post]") is null))
        {
            throw new FeedFormatException($"Telegram preview layout changed: {wraps.Length} message blocks, none with a data-post id");
        }

        var title = document.QuerySelector(".tgme_channel_info_header_title")?.TextContent.Trim();
        return new TelegramPage(string.IsNullOrEmpty(title) ? null : title, posts);
    }

    /// <summary>The posts as items; a forwarded post is someone else's words and carries no account of the channel.</summary>
    public static IReadOnlyList<FeedItem> ToItems(TelegramPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return page.Posts
            .Where(p => p.Text.Length > 0)
            .Select(p => new FeedItem(
                ItemId(p),
                null,
                p.Link,
                p.Published,
                p.Text,
                p.ForwardedFrom ?? page.Title ?? p.Channel,
                AuthorAccounts: p.ForwardedFrom is null ? [SocialAccounts.Key(SocialAccounts.Telegram, p.Channel)] : null))
            .ToList();
    }

    /// <summary>
    /// An edited post gets an id of its own per text, so an edit that adds words is read again (the near-duplicate
    /// index still ties it to the statement it revises); an unedited post is the same item however often seen.
    /// </summary>
    public static string ItemId(TelegramPost post)
    {
        ArgumentNullException.ThrowIfNull(post);
        var id = $"tg:{post.Channel.ToLowerInvariant()}/{post.Id.ToString(CultureInfo.InvariantCulture)}";
        return post.Edited ? id + "#edited-" + TableKeys.Hash(post.Text, 10) : id;
    }

    private static TelegramPost? ReadPost(IElement wrap, Uri pageUri)
    {
        var message = wrap.QuerySelector("[data-post]");
        var dataPost = message?.GetAttribute("data-post");
        if (message is null || dataPost is null)
        {
            return null;
        }

        var slash = dataPost.LastIndexOf('/');
        if (slash <= 0 || !long.TryParse(dataPost.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return null;
        }

        var channel = dataPost[..slash];
        var dateLink = message.QuerySelector(".tgme_widget_message_date");
        var time = dateLink?.QuerySelector("time[datetime]")?.GetAttribute("datetime") ?? message.QuerySelector(".tgme_widget_message_meta time[datetime]")?.GetAttribute("datetime");
        DateTimeOffset? published = DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;

        // The post's own text: not the quoted text of the post it replies to, nor a link preview's description.
        var textElement = message.QuerySelectorAll(".tgme_widget_message_text")
            .FirstOrDefault(e => e.Closest(".tgme_widget_message_reply, .tgme_widget_message_link_preview, .tgme_widget_message_poll") is null);
        // Telegram hides a link to the post's picture behind a zero-width space at the start of the text.
        var text = HtmlText.ToPlainText(textElement?.InnerHtml).Trim('\u200B', '\u200C', '\u200D', '\uFEFF', ' ', '\n');

        var forwarded = message.QuerySelector(".tgme_widget_message_forwarded_from_name");
        var forwardedName = forwarded?.TextContent.Trim();
        var meta = message.QuerySelector(".tgme_widget_message_meta");
        var edited = message.QuerySelector(".tgme_widget_message_edited") is not null
            || (meta?.TextContent.Contains("edited", StringComparison.OrdinalIgnoreCase) ?? false);
        var link = dateLink?.GetAttribute("href") is { } href && Uri.TryCreate(pageUri, href, out var resolved) && resolved.Scheme is "http" or "https"
            ? resolved.AbsoluteUri
            : $"https://t.me/{channel}/{id.ToString(CultureInfo.InvariantCulture)}";
        return new TelegramPost(
            channel,
            id,
            published,
            text,
            string.IsNullOrEmpty(forwardedName) ? null : forwardedName,
            forwarded?.GetAttribute("href"),
            edited,
            link);
    }
}
