using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Alerts.Core.Storage;

namespace Alerts.Core.Sources;

/// <summary>
/// Parses RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom. XML goes through a hardened <see cref="XmlReader"/>:
/// DTDs ignored (never processed), no resolver, bounded size, so XXE and entity bombs cannot work.
/// </summary>
public sealed class FeedParser
{
    public const long MaxDocumentChars = 20_000_000;

    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace Rss1 = "http://purl.org/rss/1.0/";
    private static readonly XNamespace Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    private static readonly XNamespace Dc = "http://purl.org/dc/elements/1.1/";
    private static readonly XNamespace Content = "http://purl.org/rss/1.0/modules/content/";

    public static XmlReaderSettings SafeSettings { get; } = new()
    {
        DtdProcessing = DtdProcessing.Ignore,
        XmlResolver = null,
        MaxCharactersFromEntities = 1_024,
        MaxCharactersInDocument = MaxDocumentChars,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        Async = false,
    };

    /// <summary>Parses a feed document; throws <see cref="FeedFormatException"/> with a one-line reason when it is not one.</summary>
    public IReadOnlyList<FeedItem> Parse(Stream stream, Uri? baseUri = null)
    {
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(stream, SafeSettings);
            document = XDocument.Load(reader, LoadOptions.None);
        }
        catch (XmlException ex)
        {
            throw new FeedFormatException($"not well-formed XML: {ex.Message}", ex);
        }

        var root = document.Root ?? throw new FeedFormatException("empty document");
        return root.Name.LocalName switch
        {
            "rss" => ParseRss(root.Element("channel")?.Elements("item") ?? [], baseUri),
            "RDF" when root.Name.Namespace == Rdf => ParseRss1(root, baseUri),
            "feed" when root.Name.Namespace == Atom => ParseAtom(root, baseUri),
            "html" or "HTML" => throw new FeedFormatException("an HTML page, not a feed"),
            _ => throw new FeedFormatException($"unknown feed format: root element <{root.Name.LocalName}>"),
        };
    }

    private static List<FeedItem> ParseRss(IEnumerable<XElement> items, Uri? baseUri)
    {
        var result = new List<FeedItem>();
        foreach (var item in items)
        {
            var title = HtmlText.ToPlainText(item.Element("title")?.Value);
            var link = ResolveLink(item.Element("link")?.Value, baseUri);
            var body = item.Element(Content + "encoded")?.Value ?? item.Element("description")?.Value;
            var published = ParseDate(item.Element("pubDate")?.Value) ?? ParseDate(item.Element(Dc + "date")?.Value);
            var author = item.Element(Dc + "creator")?.Value ?? item.Element("author")?.Value;
            var guid = item.Element("guid")?.Value;
            result.Add(Build(guid, title, link, published, HtmlText.ToPlainText(body), author));
        }

        return result;
    }

    private static List<FeedItem> ParseRss1(XElement root, Uri? baseUri)
    {
        var result = new List<FeedItem>();
        foreach (var item in root.Elements(Rss1 + "item"))
        {
            var title = HtmlText.ToPlainText(item.Element(Rss1 + "title")?.Value);
            var link = ResolveLink(item.Element(Rss1 + "link")?.Value, baseUri);
            var body = item.Element(Content + "encoded")?.Value ?? item.Element(Rss1 + "description")?.Value;
            var published = ParseDate(item.Element(Dc + "date")?.Value);
            var about = item.Attribute(Rdf + "about")?.Value;
            result.Add(Build(about, title, link, published, HtmlText.ToPlainText(body), item.Element(Dc + "creator")?.Value));
        }

        return result;
    }

    private static List<FeedItem> ParseAtom(XElement root, Uri? baseUri)
    {
        var result = new List<FeedItem>();
        foreach (var entry in root.Elements(Atom + "entry"))
        {
            var title = HtmlText.ToPlainText(entry.Element(Atom + "title")?.Value);
            var linkElement = entry.Elements(Atom + "link").FirstOrDefault(l => (string?)l.Attribute("rel") is null or "alternate");
            var link = ResolveLink(linkElement?.Attribute("href")?.Value, baseUri);
            var body = entry.Element(Atom + "content")?.Value ?? entry.Element(Atom + "summary")?.Value;
            var published = ParseDate(entry.Element(Atom + "published")?.Value) ?? ParseDate(entry.Element(Atom + "updated")?.Value);
            var author = entry.Element(Atom + "author")?.Element(Atom + "name")?.Value;
            result.Add(Build(entry.Element(Atom + "id")?.Value, title, link, published, HtmlText.ToPlainText(body), author));
        }

        return result;
    }

    private static FeedItem Build(string? id, string title, string? link, DateTimeOffset? published, string text, string? author)
    {
        // Feeds without a guid still need a stable identity: the link, else the content.
        var identity = !string.IsNullOrWhiteSpace(id) ? id.Trim()
            : !string.IsNullOrWhiteSpace(link) ? link
            : "content:" + TableKeys.Hash(title + "\n" + text);
        return new FeedItem(identity, title.Length == 0 ? null : title, link, published, text, author?.Trim());
    }

    private static string? ResolveLink(string? link, Uri? baseUri)
    {
        if (string.IsNullOrWhiteSpace(link))
        {
            return null;
        }

        link = link.Trim();
        if (Uri.TryCreate(link, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
        {
            return absolute.ToString();
        }

        return baseUri is not null && Uri.TryCreate(baseUri, link, out var resolved) ? resolved.ToString() : null;
    }

    public static DateTimeOffset? ParseDate(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        value = value.Trim();
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed))
        {
            return parsed;
        }

        // RFC 822 with a zone name (e.g. "Tue, 10 Jun 2003 04:00:00 GMT", "... EST").
        var zoneIndex = value.LastIndexOf(' ');
        if (zoneIndex > 0 && Zones.TryGetValue(value[(zoneIndex + 1)..], out var offset)
            && DateTime.TryParse(value[..zoneIndex], CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var local))
        {
            return new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), offset);
        }

        return null;
    }

    private static readonly Dictionary<string, TimeSpan> Zones = new(StringComparer.OrdinalIgnoreCase)
    {
        ["UT"] = TimeSpan.Zero, ["GMT"] = TimeSpan.Zero, ["Z"] = TimeSpan.Zero,
        ["EST"] = TimeSpan.FromHours(-5), ["EDT"] = TimeSpan.FromHours(-4),
        ["CST"] = TimeSpan.FromHours(-6), ["CDT"] = TimeSpan.FromHours(-5),
        ["MST"] = TimeSpan.FromHours(-7), ["MDT"] = TimeSpan.FromHours(-6),
        ["PST"] = TimeSpan.FromHours(-8), ["PDT"] = TimeSpan.FromHours(-7),
        ["CET"] = TimeSpan.FromHours(1), ["CEST"] = TimeSpan.FromHours(2),
    };
}

public sealed class FeedFormatException(string message, Exception? inner = null) : Exception(message, inner);
