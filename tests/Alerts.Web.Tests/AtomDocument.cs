using System.Globalization;
using System.Xml.Linq;

namespace Alerts.Web.Tests;

/// <summary>
/// The RFC 4287 section 4 rules an Atom document must keep, checked element by element (what the RELAX NG
/// schema in the RFC's appendix B says, for the elements this product writes). Returns every violation.
/// </summary>
internal static class AtomDocument
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    private static readonly HashSet<string> FeedChildren = ["author", "category", "contributor", "generator", "icon", "id", "link", "logo", "rights", "subtitle", "title", "updated", "entry"];
    private static readonly HashSet<string> EntryChildren = ["author", "category", "content", "contributor", "id", "link", "published", "rights", "source", "summary", "title", "updated"];
    private static readonly HashSet<string> TextTypes = ["text", "html", "xhtml"];

    public static IReadOnlyList<string> Violations(XDocument document)
    {
        var problems = new List<string>();
        var feed = document.Root;
        if (feed is null || feed.Name != Atom + "feed")
        {
            return ["root is not atom:feed"];
        }

        Children(feed, FeedChildren, "feed", problems);
        ExactlyOne(feed, "id", "feed", problems, Iri);
        ExactlyOne(feed, "title", "feed", problems, null);
        ExactlyOne(feed, "updated", "feed", problems, Date);
        TextConstruct(feed.Element(Atom + "title"), problems);
        var feedHasAuthor = feed.Elements(Atom + "author").Any();
        foreach (var author in feed.Descendants(Atom + "author"))
        {
            if (author.Elements(Atom + "name").Count() != 1)
            {
                problems.Add("atom:author needs exactly one atom:name");
            }
        }

        foreach (var link in feed.Descendants(Atom + "link"))
        {
            if (link.Attribute("href") is not { } href || !Uri.TryCreate(href.Value, UriKind.Absolute, out _))
            {
                problems.Add("atom:link needs an absolute href");
            }
        }

        if (feed.Elements(Atom + "link").Count(l => (string?)l.Attribute("rel") == "self") > 1)
        {
            problems.Add("feed has more than one rel=self link");
        }

        foreach (var entry in feed.Elements(Atom + "entry"))
        {
            var id = entry.Element(Atom + "id")?.Value ?? "(no id)";
            Children(entry, EntryChildren, "entry " + id, problems);
            ExactlyOne(entry, "id", "entry", problems, Iri);
            ExactlyOne(entry, "title", "entry " + id, problems, null);
            ExactlyOne(entry, "updated", "entry " + id, problems, Date);
            AtMostOne(entry, "published", "entry " + id, problems, Date);
            AtMostOne(entry, "summary", "entry " + id, problems, null);
            AtMostOne(entry, "content", "entry " + id, problems, null);
            TextConstruct(entry.Element(Atom + "title"), problems);
            TextConstruct(entry.Element(Atom + "summary"), problems);
            TextConstruct(entry.Element(Atom + "content"), problems);
            if (!feedHasAuthor && !entry.Elements(Atom + "author").Any())
            {
                problems.Add($"entry {id} has no author and the feed has none (4.1.1)");
            }

            if (entry.Element(Atom + "content") is null && !entry.Elements(Atom + "link").Any(l => (string?)l.Attribute("rel") is null or "alternate"))
            {
                problems.Add($"entry {id} has neither content nor an alternate link (4.1.2)");
            }

            foreach (var category in entry.Elements(Atom + "category"))
            {
                if (string.IsNullOrEmpty((string?)category.Attribute("term")))
                {
                    problems.Add($"entry {id} has an atom:category without term");
                }
            }
        }

        if (feed.Elements(Atom + "entry").Select(e => e.Element(Atom + "id")?.Value).GroupBy(v => v).Any(g => g.Count() > 1))
        {
            problems.Add("two entries share an atom:id");
        }

        return problems;
    }

    private static void Children(XElement parent, HashSet<string> allowed, string where, List<string> problems)
    {
        foreach (var child in parent.Elements().Where(e => e.Name.Namespace == Atom && !allowed.Contains(e.Name.LocalName)))
        {
            problems.Add($"{where}: atom:{child.Name.LocalName} is not allowed here");
        }
    }

    private static void ExactlyOne(XElement parent, string name, string where, List<string> problems, Func<string, bool>? valid)
    {
        var found = parent.Elements(Atom + name).ToList();
        if (found.Count != 1)
        {
            problems.Add($"{where}: needs exactly one atom:{name}, has {found.Count}");
        }
        else if (valid is not null && !valid(found[0].Value))
        {
            problems.Add($"{where}: atom:{name} '{found[0].Value}' is not valid");
        }
    }

    private static void AtMostOne(XElement parent, string name, string where, List<string> problems, Func<string, bool>? valid)
    {
        var found = parent.Elements(Atom + name).ToList();
        if (found.Count > 1)
        {
            problems.Add($"{where}: at most one atom:{name}, has {found.Count}");
        }
        else if (found.Count == 1 && valid is not null && !valid(found[0].Value))
        {
            problems.Add($"{where}: atom:{name} '{found[0].Value}' is not valid");
        }
    }

    private static void TextConstruct(XElement? element, List<string> problems)
    {
        if (element?.Attribute("type") is { } type && !TextTypes.Contains(type.Value))
        {
            problems.Add($"atom:{element.Name.LocalName} has type '{type.Value}' (text, html or xhtml)");
        }

        if (element is not null && (string?)element.Attribute("type") is null or "text" or "html" && element.HasElements)
        {
            problems.Add($"atom:{element.Name.LocalName} of type text/html holds child elements");
        }
    }

    /// <summary>An absolute IRI (RFC 4287 4.2.6): a scheme and something after it.</summary>
    private static bool Iri(string value) => Uri.TryCreate(value, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.Scheme);

    /// <summary>RFC 3339 date-time with an upper-case T and Z or an offset (RFC 4287 3.3).</summary>
    private static bool Date(string value) =>
        System.Text.RegularExpressions.Regex.IsMatch(value, @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
        && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
}
