using System.Xml;
using System.Xml.Linq;
using Alerts.Core.Storage;

namespace Alerts.Core.Sources;

/// <summary>
/// Parses RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom as publishers really write them. XML goes through a
/// hardened <see cref="XmlReader"/>: DTDs ignored (RSS 0.91 carries a DOCTYPE, so Prohibit would refuse
/// real feeds; Ignore never processes it, so an entity it declares is an undeclared-entity error), no
/// resolver, bounded size, bounded depth (checked by a streaming pass before any tree is built: 200,000
/// nested elements cost <see cref="XDocument"/> minutes and then overflow the stack in <c>XElement.Value</c>),
/// and bounded time (<see cref="MaxParseTime"/>, on top of the caller's fetch budget). Bytes are decoded by
/// <see cref="FeedDecoder"/> first, because declared encodings are often wrong.
/// </summary>
public sealed class FeedParser
{
    /// <summary>Bytes accepted from a stream (after any HTTP decompression); the HTTP reader caps lower.</summary>
    public const int MaxDocumentBytes = 20_000_000;

    public const long MaxDocumentChars = 20_000_000;

    /// <summary>Element nesting at most; feeds need about six levels, Atom XHTML content a few dozen more.</summary>
    public const int MaxDepth = 128;

    /// <summary>One document at most, HTML of its items included, on top of any budget the caller passes.</summary>
    public static readonly TimeSpan MaxParseTime = TimeSpan.FromSeconds(10);

    private static readonly XNamespace Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    private static readonly XNamespace Dc = "http://purl.org/dc/elements/1.1/";

    public static XmlReaderSettings SafeSettings { get; } = CreateSettings(checkCharacters: true);

    private static XmlReaderSettings LenientSettings { get; } = CreateSettings(checkCharacters: false);

    private static XmlReaderSettings CreateSettings(bool checkCharacters) => new()
    {
        DtdProcessing = DtdProcessing.Ignore,
        XmlResolver = null,
        MaxCharactersFromEntities = 1_024,
        MaxCharactersInDocument = MaxDocumentChars,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CheckCharacters = checkCharacters,
        Async = false,
    };

    /// <summary>Parses a feed document; throws <see cref="FeedFormatException"/> with a one-line reason when it is not one.</summary>
    public IReadOnlyList<FeedItem> Parse(Stream stream, Uri? baseUri = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        var chunk = new byte[81_920];
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            if (buffer.Length + read > MaxDocumentBytes)
            {
                throw new FeedFormatException($"document larger than {MaxDocumentBytes} bytes");
            }

            buffer.Write(chunk, 0, read);
        }

        return Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), baseUri);
    }

    /// <summary>Parses within <see cref="MaxParseTime"/>.</summary>
    public IReadOnlyList<FeedItem> Parse(ReadOnlySpan<byte> bytes, Uri? baseUri = null) =>
        ParseTextWithin(FeedDecoder.Decode(bytes), baseUri, CancellationToken.None);

    /// <summary>Parses within <see cref="MaxParseTime"/> and the caller's budget (a fetch timeout), whichever ends first.</summary>
    public IReadOnlyList<FeedItem> ParseWithin(ReadOnlySpan<byte> bytes, Uri? baseUri, CancellationToken cancellationToken) =>
        ParseTextWithin(FeedDecoder.Decode(bytes), baseUri, cancellationToken);

    /// <summary>Parses already-decoded text (the XML declaration's encoding is then ignored) within <see cref="MaxParseTime"/>.</summary>
    public IReadOnlyList<FeedItem> ParseText(string text, Uri? baseUri = null) => ParseTextWithin(text, baseUri, CancellationToken.None);

    /// <summary>
    /// Parses already-decoded text. Throws <see cref="FeedFormatException"/> when it is not a feed or exceeds
    /// the depth or time limit, and <see cref="OperationCanceledException"/> when the caller's token (a fetch
    /// timeout) ends first.
    /// </summary>
    public IReadOnlyList<FeedItem> ParseTextWithin(string text, Uri? baseUri, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(MaxParseTime);
        try
        {
            return ParseDocument(text, baseUri, budget.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new FeedFormatException($"refused: parsing took longer than {MaxParseTime.TotalSeconds:0} s");
        }
        catch (MarkupLimitException ex)
        {
            throw new FeedFormatException($"refused: an item's {ex.Message}", ex);
        }
    }

    private static List<FeedItem> ParseDocument(string text, Uri? baseUri, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new FeedFormatException("empty body");
        }

        if (FeedDecoder.LooksLikeHtml(text))
        {
            throw new FeedFormatException("an HTML page, not a feed");
        }

        var document = Load(text, cancellationToken);
        var root = document.Root ?? throw new FeedFormatException("empty document");
        return root.Name.LocalName switch
        {
            "rss" => ParseRss(root, baseUri, cancellationToken),
            "RDF" when root.Name.Namespace == Rdf => ParseRss1(root, baseUri, cancellationToken),

            // Atom 1.0, Atom 0.3 and the drafts before it, whatever namespace they were published in.
            "feed" => ParseAtom(root, baseUri, cancellationToken),
            "html" or "HTML" => throw new FeedFormatException("an HTML page, not a feed"),
            _ => throw new FeedFormatException($"unknown feed format: root element <{root.Name.LocalName}>"),
        };
    }

    /// <summary>
    /// Loads strictly; a document that fails only because it carries characters XML forbids (control
    /// characters pasted from binary data, as in real feeds) is recovered by dropping those characters.
    /// Anything else that is not well-formed is refused with the reader's position and reason.
    /// </summary>
    private static XDocument Load(string text, CancellationToken cancellationToken)
    {
        try
        {
            return LoadWith(text, SafeSettings, cancellationToken);
        }
        catch (XmlException first)
        {
            if (IsEntityError(first))
            {
                throw new FeedFormatException($"refused: the document uses entities a DTD would define (DTDs are never processed): {OneLine(first.Message)}", first);
            }

            var cleaned = FeedDecoder.RemoveInvalidXmlChars(text);
            if (ReferenceEquals(cleaned, text))
            {
                throw new FeedFormatException($"not well-formed XML: {OneLine(first.Message)}", first);
            }

            try
            {
                return LoadWith(cleaned, LenientSettings, cancellationToken);
            }
            catch (XmlException)
            {
                throw new FeedFormatException($"not well-formed XML: {OneLine(first.Message)}", first);
            }
        }
    }

    private static XDocument LoadWith(string text, XmlReaderSettings settings, CancellationToken cancellationToken)
    {
        CheckDepth(text, settings, cancellationToken);
        using var stringReader = new StringReader(text);
        using var reader = XmlReader.Create(stringReader, settings);
        return XDocument.Load(reader, LoadOptions.None);
    }

    /// <summary>
    /// A streaming pass that refuses the document at the first element deeper than <see cref="MaxDepth"/>,
    /// before a tree exists; it costs a fraction of the tree building that follows.
    /// </summary>
    private static void CheckDepth(string text, XmlReaderSettings settings, CancellationToken cancellationToken)
    {
        using var stringReader = new StringReader(text);
        using var reader = XmlReader.Create(stringReader, settings);
        var nodes = 0;
        while (reader.Read())
        {
            if (reader.Depth >= MaxDepth)
            {
                throw new FeedFormatException($"refused: elements nest deeper than {MaxDepth} levels (line {(reader as IXmlLineInfo)?.LineNumber ?? 0})");
            }

            if ((++nodes & 0x3FF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }

    private static bool IsEntityError(XmlException ex) =>
        ex.Message.Contains("entity", StringComparison.OrdinalIgnoreCase);

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");

    private static List<FeedItem> ParseRss(XElement root, Uri? baseUri, CancellationToken cancellationToken)
    {
        // RSS is normally in no namespace; a document that puts it in one is read in that one.
        var ns = root.Name.Namespace;
        var channel = FeedElementNames.Child(root, ns, "channel") ?? root;
        var channelBase = ResolveUri(baseUri, (string?)FeedElementNames.Child(channel, ns, "link")) ?? baseUri;
        var result = new List<FeedItem>();

        // RSS 0.91/0.92/2.0 keep items in the channel; a few old feeds put them beside it.
        foreach (var item in FeedElementNames.Children(channel, ns, "item").Concat(channel == root ? [] : FeedElementNames.Children(root, ns, "item")))
        {
            var itemBase = XmlBase(item, channelBase);
            var title = HtmlText.ToPlainTextWithin(FeedFallbacks.RssTitle(item, ns), cancellationToken);
            var link = Resolve(itemBase, FeedElementNames.Child(item, ns, "link")?.Value);
            var guidElement = FeedElementNames.Child(item, ns, "guid");
            var guid = guidElement?.Value;
            if (link is null && guidElement is not null && (string?)guidElement.Attribute("isPermaLink") is null or "true")
            {
                link = Resolve(itemBase, guid);
            }

            var body = FeedFallbacks.RssBody(item, ns);
            var published = FeedFallbacks.RssPublished(item, ns);
            var author = item.Element(Dc + "creator")?.Value ?? FeedElementNames.Child(item, ns, "author")?.Value;
            result.Add(Build(guid, title, link, published, HtmlText.ToPlainTextWithin(body, cancellationToken), author));
        }

        return result;
    }

    private static List<FeedItem> ParseRss1(XElement root, Uri? baseUri, CancellationToken cancellationToken)
    {
        // RSS 1.0, or RSS 0.90 (the same shape in Netscape's vocabulary).
        var rss1 = FeedElementNames.RdfVocabulary(root);
        var channelBase = ResolveUri(baseUri, (string?)root.Element(rss1 + "channel")?.Element(rss1 + "link")) ?? baseUri;
        var result = new List<FeedItem>();
        foreach (var item in root.Elements(rss1 + "item"))
        {
            var itemBase = XmlBase(item, channelBase);
            var title = HtmlText.ToPlainTextWithin(FeedFallbacks.RssTitle(item, rss1), cancellationToken);
            var about = item.Attribute(Rdf + "about")?.Value;
            var link = Resolve(itemBase, item.Element(rss1 + "link")?.Value) ?? Resolve(itemBase, about);
            var body = FeedFallbacks.RssBody(item, rss1);
            var published = FeedFallbacks.RssPublished(item, rss1);
            result.Add(Build(about, title, link, published, HtmlText.ToPlainTextWithin(body, cancellationToken), item.Element(Dc + "creator")?.Value));
        }

        return result;
    }

    private static List<FeedItem> ParseAtom(XElement root, Uri? baseUri, CancellationToken cancellationToken)
    {
        // Atom resolves against xml:base, then the document's own URL; only a document read without a URL
        // (a file) falls back to the site it describes.
        var atom = root.Name.Namespace;
        var alternate = root.Elements(atom + "link").FirstOrDefault(l => (string?)l.Attribute("rel") is null or "alternate");
        var feedBase = XmlBase(root, baseUri ?? ResolveUri(null, (string?)alternate?.Attribute("href")));
        var result = new List<FeedItem>();
        foreach (var entry in root.Elements(atom + "entry").Concat(root.Elements(atom + "item")))
        {
            var entryBase = XmlBase(entry, feedBase);
            var title = FeedTextConstructs.ToPlainText(entry.Element(atom + "title"), cancellationToken);
            var linkElement = entry.Elements(atom + "link").FirstOrDefault(l => (string?)l.Attribute("rel") is null or "alternate");
            var link = linkElement is null ? null : Resolve(XmlBase(linkElement, entryBase), linkElement.Attribute("href")?.Value);
            var text = FeedFallbacks.NonEmpty(FeedTextConstructs.ToPlainText(entry.Element(atom + "content"), cancellationToken))
                ?? FeedFallbacks.NonEmpty(FeedTextConstructs.ToPlainText(entry.Element(atom + "summary"), cancellationToken))
                ?? HtmlText.ToPlainTextWithin(entry.Element(Dc + "description")?.Value, cancellationToken);
            var published = FeedFallbacks.AtomPublished(entry, atom);
            var author = entry.Element(atom + "author")?.Element(atom + "name")?.Value;
            result.Add(Build(entry.Element(atom + "id")?.Value, title, link, published, text, author));
        }

        return result;
    }

    private static FeedItem Build(string? id, string title, string? link, DateTimeOffset? published, string text, string? author)
    {
        // Feeds without a guid still need a stable identity: the link, else the content.
        var identity = !string.IsNullOrWhiteSpace(id) ? id.Trim()
            : !string.IsNullOrWhiteSpace(link) ? link
            : "content:" + TableKeys.Hash(title + "\n" + text);
        return new FeedItem(identity, title.Length == 0 ? null : title, link, published, text, string.IsNullOrWhiteSpace(author) ? null : author.Trim());
    }

    /// <summary>The base URI in force at an element: every xml:base from the root down, resolved in turn.</summary>
    private static Uri? XmlBase(XElement element, Uri? documentBase)
    {
        var bases = element.AncestorsAndSelf()
            .Select(e => (string?)e.Attribute(XNamespace.Xml + "base"))
            .Where(b => !string.IsNullOrWhiteSpace(b))
            .Reverse();
        var current = documentBase;
        foreach (var value in bases)
        {
            current = ResolveAny(current, value!) ?? current;
        }

        return current;
    }

    private static Uri? ResolveAny(Uri? baseUri, string value)
    {
        value = value.Trim();
        if (Uri.TryCreate(value, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
        {
            return absolute;
        }

        return baseUri is not null && baseUri.IsAbsoluteUri && Uri.TryCreate(baseUri, value, out var resolved) && resolved.Scheme is "http" or "https" ? resolved : null;
    }

    /// <summary>An http(s) link, relative ones resolved against the base; anything else (javascript:, mailto:) is dropped.</summary>
    private static string? Resolve(Uri? baseUri, string? link) => ResolveUri(baseUri, link)?.AbsoluteUri;

    private static Uri? ResolveUri(Uri? baseUri, string? link) => string.IsNullOrWhiteSpace(link) ? null : ResolveAny(baseUri, link);

    /// <summary>Kept for callers of the first version; see <see cref="FeedDates.Parse"/>.</summary>
    public static DateTimeOffset? ParseDate(string? value) => FeedDates.Parse(value);
}

public sealed class FeedFormatException(string message, Exception? inner = null) : Exception(message, inner);
