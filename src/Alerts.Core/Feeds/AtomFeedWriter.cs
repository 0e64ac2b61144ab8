using System.Text;
using System.Xml;

namespace Alerts.Core.Feeds;

/// <summary>
/// Writes an <see cref="AlertFeed"/> as Atom (RFC 4287): feed id, title, updated, author, self and alternate
/// links; per entry id, title, updated, published, author, link, categories, a text summary and HTML content.
/// XmlWriter escapes every value, and characters XML cannot carry are dropped from untrusted text.
/// </summary>
public static class AtomFeedWriter
{
    public const string Namespace = "http://www.w3.org/2005/Atom";
    public const string ContentType = "application/atom+xml; charset=utf-8";

    public static string Write(AlertFeed feed)
    {
        var builder = new StringBuilder();
        using (var writer = XmlWriter.Create(builder, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = false, Encoding = Encoding.UTF8 }))
        {
            writer.WriteStartDocument();
            writer.WriteStartElement("feed", Namespace);
            Text(writer, "id", feed.Id);
            Text(writer, "title", feed.Title);
            Text(writer, "updated", Date(feed.Updated));
            writer.WriteStartElement("author", Namespace);
            Text(writer, "name", "Alerts");
            writer.WriteEndElement();
            Link(writer, "self", feed.SelfUrl, "application/atom+xml");
            Link(writer, "alternate", feed.AlternateUrl, "text/html");
            Text(writer, "generator", "Alerts");
            foreach (var entry in feed.Entries)
            {
                writer.WriteStartElement("entry", Namespace);
                Text(writer, "id", entry.Id);
                Text(writer, "title", entry.Title);
                Text(writer, "updated", Date(entry.Updated));
                if (entry.Published is { } published)
                {
                    Text(writer, "published", Date(published));
                }

                writer.WriteStartElement("author", Namespace);
                Text(writer, "name", entry.Author);
                writer.WriteEndElement();
                if (entry.Link is not null)
                {
                    Link(writer, "alternate", entry.Link, "text/html");
                }

                foreach (var category in entry.Categories)
                {
                    writer.WriteStartElement("category", Namespace);
                    writer.WriteAttributeString("term", Clean(category));
                    writer.WriteAttributeString("label", Clean(category.Replace('_', ' ')));
                    writer.WriteEndElement();
                }

                writer.WriteStartElement("summary", Namespace);
                writer.WriteAttributeString("type", "text");
                writer.WriteString(Clean(entry.Summary));
                writer.WriteEndElement();
                writer.WriteStartElement("content", Namespace);
                writer.WriteAttributeString("type", "html");
                writer.WriteString(Clean(entry.Html));
                writer.WriteEndElement();
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
            writer.WriteEndDocument();
        }

        // StringBuilder output declares utf-16; the response is UTF-8.
        return builder.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal);
    }

    private static void Text(XmlWriter writer, string name, string value) => writer.WriteElementString(name, Namespace, Clean(value));

    private static void Link(XmlWriter writer, string rel, string href, string type)
    {
        writer.WriteStartElement("link", Namespace);
        writer.WriteAttributeString("rel", rel);
        writer.WriteAttributeString("type", type);
        writer.WriteAttributeString("href", href);
        writer.WriteEndElement();
    }

    private static string Date(DateTimeOffset value) => XmlConvert.ToString(value.ToUniversalTime(), "yyyy-MM-dd'T'HH:mm:ss'Z'");

    /// <summary>Untrusted text may hold characters XML 1.0 forbids (control characters): drop them rather than fail.</summary>
    private static string Clean(string value) =>
        value.All(XmlConvert.IsXmlChar) ? value : new string(value.Where(XmlConvert.IsXmlChar).ToArray());
}
