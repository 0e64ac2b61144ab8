using System.Xml.Linq;

namespace Alerts.Core.Sources;

/// <summary>
/// The namespaces feed elements really come in, and lookups that honour them. RSS 2.0 is normally in no
/// namespace, but some publishers put the whole document in one (Userland's <c>backend.userland.com/rss2</c>,
/// as a default or a prefix); RSS 0.90 uses its own RDF vocabulary; Atom 0.3 has its own namespace, and old
/// Atom drafts used others. An item's own elements are read in its format's namespace (and, for a namespaced
/// RSS document, in none), never in a module's, so a <c>&lt;x:description&gt;</c> never stands in for the item's.
/// </summary>
internal static class FeedElementNames
{
    public static readonly XNamespace Atom10 = "http://www.w3.org/2005/Atom";
    public static readonly XNamespace Atom03 = "http://purl.org/atom/ns#";
    public static readonly XNamespace Rss1 = "http://purl.org/rss/1.0/";
    public static readonly XNamespace Rss090 = "http://my.netscape.com/rdf/simple/0.9/";
    public static readonly XNamespace Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    public static readonly XNamespace Dc = "http://purl.org/dc/elements/1.1/";
    public static readonly XNamespace DcTerms = "http://purl.org/dc/terms/";
    public static readonly XNamespace Content = "http://purl.org/rss/1.0/modules/content/";
    public static readonly XNamespace Xhtml = "http://www.w3.org/1999/xhtml";

    /// <summary>The first child with this local name in the format's namespace, else (for a namespaced document) in none.</summary>
    public static XElement? Child(XElement parent, XNamespace ns, string localName) =>
        parent.Element(ns + localName) ?? (ns == XNamespace.None ? null : parent.Element(localName));

    /// <summary>Children with this local name in the format's namespace, else (for a namespaced document) in none.</summary>
    public static IEnumerable<XElement> Children(XElement parent, XNamespace ns, string localName) =>
        ns == XNamespace.None ? parent.Elements(localName) : parent.Elements(ns + localName).Concat(parent.Elements(localName));

    /// <summary>The vocabulary of an <c>rdf:RDF</c> document's channel and items: RSS 1.0, or RSS 0.90's.</summary>
    public static XNamespace RdfVocabulary(XElement root) =>
        root.Element(Rss1 + "item") is null && root.Element(Rss1 + "channel") is null
            && (root.Element(Rss090 + "item") is not null || root.Element(Rss090 + "channel") is not null)
            ? Rss090
            : Rss1;
}
