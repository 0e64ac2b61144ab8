using System.Xml.Linq;
using static Alerts.Core.Sources.FeedElementNames;

namespace Alerts.Core.Sources;

/// <summary>
/// Where an item's title, body and date come from when the format's own element is missing, in the order
/// feedparser (the reference parser, whose suite <c>FeedParser_Conformance</c> runs) reads them. The body is
/// the fullest one an item carries: content (content:encoded, an inline XHTML body, <c>fullitem</c>), else
/// its description or summary, else <c>dc:description</c>.
/// </summary>
internal static class FeedFallbacks
{
    public static string? RssTitle(XElement item, XNamespace ns) =>
        NonEmpty(Child(item, ns, "title")?.Value) ?? item.Element(Dc + "title")?.Value;

    /// <summary>The item body as HTML (RSS bodies are HTML, escaped or in CDATA; an XHTML body is serialised).</summary>
    public static string? RssBody(XElement item, XNamespace ns) =>
        NonEmpty(item.Element(Content + "encoded")?.Value)
        ?? NonEmpty(item.Element(Xhtml + "body") is { } body ? FeedTextConstructs.InnerXml(body) : null)
        ?? NonEmpty(Child(item, ns, "fullitem")?.Value)
        ?? Summary(item, ns)
        ?? item.Element(Dc + "description")?.Value;

    /// <summary>
    /// The description, or a summary; an item with both is read as feedparser reads it: the later of the two
    /// is the fuller text (its content), the earlier the summary.
    /// </summary>
    private static string? Summary(XElement item, XNamespace ns) =>
        item.Elements()
            .Where(e => (e.Name.Namespace == ns || e.Name.Namespace == XNamespace.None) && e.Name.LocalName is "description" or "summary")
            .Select(e => NonEmpty(e.Value))
            .LastOrDefault(v => v is not null);

    public static DateTimeOffset? RssPublished(XElement item, XNamespace ns) =>
        FeedDates.Parse(Child(item, ns, "pubDate")?.Value)
        ?? FirstDate(item, Dc + "date", DcTerms + "issued", DcTerms + "created", DcTerms + "modified");

    public static DateTimeOffset? AtomPublished(XElement entry, XNamespace ns) =>
        FirstDate(entry, ns + "published", ns + "issued", ns + "created", ns + "updated", ns + "modified", Dc + "date");

    public static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static DateTimeOffset? FirstDate(XElement parent, params XName[] names)
    {
        foreach (var name in names)
        {
            if (FeedDates.Parse(parent.Element(name)?.Value) is { } date)
            {
                return date;
            }
        }

        return null;
    }
}
