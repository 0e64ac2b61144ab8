using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Alerts.Core.Sources;

/// <summary>
/// Atom text constructs (title, summary, content) read by their declared kind, as RFC 4287 and Atom 0.3 say:
/// <c>type="text"</c> is literal text (<c>&amp;lt;blink&amp;gt;</c> is the word, not a tag), <c>html</c> is
/// escaped HTML, <c>xhtml</c> (and Atom 0.3's <c>mode="xml"</c>) is inline markup, and a non-text media type
/// (or <c>mode="base64"</c>) is base64. Text that is declared plain but plainly is HTML (real feeds omit the
/// type) is still read as HTML, as feedparser does.
/// </summary>
internal static partial class FeedTextConstructs
{
    /// <summary>The construct as plain text; the token is the parse budget (checked per construct).</summary>
    public static string ToPlainText(XElement? element, CancellationToken cancellationToken = default)
    {
        if (element is null)
        {
            return "";
        }

        var type = ((string?)element.Attribute("type"))?.Trim().ToLowerInvariant() ?? "text";
        var mode = ((string?)element.Attribute("mode"))?.Trim().ToLowerInvariant();
        if (mode == "base64" || IsBinary(type))
        {
            var decoded = DecodeBase64(element.Value);
            return decoded is null ? Plain(element.Value, cancellationToken) : type is "text" or "text/plain" ? Plain(decoded, cancellationToken) : Html(decoded, cancellationToken);
        }

        return type switch
        {
            "html" or "text/html" => Html(element.Value, cancellationToken),
            "xhtml" or "application/xhtml+xml" => Html(element.HasElements ? InnerXml(element) : element.Value, cancellationToken),
            "text" or "text/plain" when mode == "xml" && element.HasElements => Html(InnerXml(element), cancellationToken),
            _ when type.EndsWith("xml", StringComparison.Ordinal) && element.HasElements => Html(InnerXml(element), cancellationToken),
            _ => Plain(element.Value, cancellationToken),
        };
    }

    /// <summary>The element's content as markup, escapes kept (so an escaped bracket stays text, not a tag).</summary>
    public static string InnerXml(XElement element)
    {
        var builder = new StringBuilder();
        foreach (var node in element.Nodes())
        {
            builder.Append(node.ToString(SaveOptions.DisableFormatting));
        }

        return builder.ToString();
    }

    private static string Plain(string text, CancellationToken cancellationToken) =>
        Html(LooksLikeHtml().IsMatch(text) ? text : WebUtility.HtmlEncode(text), cancellationToken);

    /// <summary>The one place HTML becomes text here, so the parser's time budget applies to it.</summary>
    private static string Html(string html, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return HtmlText.ToPlainTextWithin(html, cancellationToken);
    }

    private static bool IsBinary(string type) =>
        type.Contains('/', StringComparison.Ordinal) && !type.StartsWith("text/", StringComparison.Ordinal)
        && !type.EndsWith("xml", StringComparison.Ordinal);

    private static string? DecodeBase64(string value)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(WhiteSpace().Replace(value, "")));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"</?(?:p|div|br|b|i|em|strong|a|img|span|ul|ol|li|h[1-6]|blockquote|table|tr|td|pre|code)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LooksLikeHtml();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}
