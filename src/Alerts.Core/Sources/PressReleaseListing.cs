using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Alerts.Core.Sources;

/// <summary>A link on a press-release listing page: where it goes and the words it shows.</summary>
public sealed record PressReleaseLink(string Url, string Text);

/// <summary>
/// Finds the press-release links on a listing page. With a CSS selector (per source), the links are the
/// selected <c>a[href]</c> elements, or the <c>a[href]</c> inside the selected elements. Without one, the links
/// of the page's main content (<c>main</c>, <c>article</c>, <c>[role=main]</c>, else the body) that stay on the
/// listing's own site, go somewhere other than the listing itself, and carry some words. Only http(s).
/// </summary>
public static class PressReleaseListing
{
    public const int MaxLinks = 300;

    public static IReadOnlyList<PressReleaseLink> Links(string html, Uri pageUri, string? selector)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(pageUri);
        var parser = new HtmlParser();
        using var document = parser.ParseDocument(html);
        if (document.Body is null || document.QuerySelector("html") is null || html.TrimStart().StartsWith('{'))
        {
            throw new FeedFormatException("not an HTML page");
        }

        var baseUri = document.QuerySelector("base[href]")?.GetAttribute("href") is { } b && Uri.TryCreate(pageUri, b, out var resolvedBase) ? resolvedBase : pageUri;
        IEnumerable<IElement> anchors;
        if (!string.IsNullOrWhiteSpace(selector))
        {
            IHtmlCollection<IElement> selected;
            try
            {
                selected = document.QuerySelectorAll(selector);
            }
            catch (DomException ex)
            {
                throw new FeedFormatException($"the source's CSS selector '{selector}' is not valid: {ex.Message}", ex);
            }

            anchors = selected.SelectMany(e => e.LocalName == "a" ? [e] : e.QuerySelectorAll("a[href]").AsEnumerable());
            if (selected.Length == 0)
            {
                throw new FeedFormatException($"the source's CSS selector '{selector}' matches nothing on the page (the layout changed?)");
            }
        }
        else
        {
            var main = document.QuerySelector("main, [role=main], article") ?? document.Body;
            anchors = main.QuerySelectorAll("a[href]");
        }

        var links = new List<PressReleaseLink>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var anchor in anchors)
        {
            if (!Uri.TryCreate(baseUri, anchor.GetAttribute("href") ?? "", out var target) || target.Scheme is not ("http" or "https"))
            {
                continue;
            }

            var url = new UriBuilder(target) { Fragment = "" }.Uri.AbsoluteUri;
            var text = HtmlText.ToPlainText(anchor.InnerHtml).Replace('\n', ' ');
            var sameSite = string.Equals(SiteOf(target.Host), SiteOf(pageUri.Host), StringComparison.OrdinalIgnoreCase);
            var isListing = target.AbsolutePath == pageUri.AbsolutePath || target.AbsolutePath is "/" or "";
            if (string.IsNullOrWhiteSpace(selector) && (!sameSite || isListing || text.Length == 0))
            {
                continue;
            }

            if (seen.Add(url))
            {
                links.Add(new PressReleaseLink(url, text));
                if (links.Count == MaxLinks)
                {
                    break;
                }
            }
        }

        return links;
    }

    /// <summary>The host without a leading <c>www.</c>, so www.mofa.gov.pk and mofa.gov.pk are one site.</summary>
    private static string SiteOf(string host) => host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? host[4..] : host;
}
