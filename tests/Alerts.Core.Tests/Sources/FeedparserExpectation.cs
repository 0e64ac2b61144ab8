using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;

namespace Alerts.Core.Tests.Sources;

/// <summary>
/// One clause of a feedparser test's <c>Expect:</c> line that maps onto what <see cref="Core.Sources.FeedItem"/>
/// yields: a first-entry title, link, id, body (description / summary / content) or publication date.
/// </summary>
/// <remarks>
/// Clauses deliberately not mapped, and why (the reader yields one plain-text item per entry, not feedparser's
/// whole result): everything about the feed itself (<c>feed[...]</c>, <c>version</c>, <c>encoding</c>,
/// <c>namespaces</c>), <c>bozo</c> (the reader recovers or refuses; it does not report well-formedness),
/// the <c>*_detail</c> language / base / type metadata, authors, contributors, tags, enclosures, rights,
/// source, comments, license, geo, <c>links[n]</c> beyond the chosen link, entries other than the first,
/// <c>updated_parsed</c> / <c>created_parsed</c> / <c>expired_parsed</c> (the reader keeps one date, the
/// publication date, with updated only as its fallback), and clauses comparing two fields or calling
/// functions (<c>len(...)</c>, <c>'x' in ...</c>, <c>not ...</c>). A summary or description clause is also not
/// mapped when the entry carries content (the reader yields the fuller body, feedparser's content); see
/// <c>FeedParser_Conformance</c>, which also lists the two well-formed feeds refused on purpose.
/// </remarks>
internal sealed partial record FeedparserExpectation(string Field, string Expected)
{
    private static readonly string[] MappedFields =
    [
        "title", "title_detail.value", "link", "id", "description", "summary", "summary_detail.value",
        "content.value", "published_parsed",
    ];

    // Tags feedparser's sanitiser keeps; a value with any other tag (such as <blink>) is plain text, not HTML.
    private static readonly HashSet<string> SanitizedHtmlTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "abbr", "b", "blockquote", "br", "code", "div", "em", "i", "img", "li", "ol", "p", "pre", "span",
        "strong", "sub", "sup", "u", "ul", "h1", "h2", "h3", "h4", "h5", "h6", "q", "cite", "dfn", "del", "ins",
        "math", "mrow", "mi", "mo", "mn", "svg", "circle", "desc", "title", "g", "path", "rect",
    };

    public static IReadOnlyList<FeedparserExpectation> FromExpectLine(string expect)
    {
        var result = new List<FeedparserExpectation>();
        foreach (var clause in SplitTopLevelAnd(expect))
        {
            var match = EntryClause().Match(clause.Trim());
            if (!match.Success)
            {
                continue;
            }

            var field = match.Groups["field"].Value + (match.Groups["sub"].Success ? "." + match.Groups["sub"].Value : "");
            if (!MappedFields.Contains(field, StringComparer.Ordinal))
            {
                continue;
            }

            var value = match.Groups["string"].Success ? PythonString(match.Groups["string"].Value) : match.Groups["tuple"].Value;
            result.Add(new FeedparserExpectation(field, value));
        }

        return result;
    }

    /// <summary>The expected value as the reader would yield it: plain text for bodies and titles, the string for links and ids.</summary>
    public string ExpectedAsReaderYields() => Field switch
    {
        "link" or "id" or "published_parsed" => Expected,
        _ => LooksLikeSanitizedHtml(Expected) ? Collapse(HtmlToText(Expected)) : Collapse(Expected),
    };

    public static string Collapse(string? text) => MultipleSpaces().Replace((text ?? "").Trim(), " ");

    /// <summary>feedparser's 9-tuple (y, m, d, h, mi, s, wday, yday, dst) as "yyyy-MM-dd HH:mm:ss" UTC.</summary>
    public static string TupleToUtc(string tuple)
    {
        var parts = tuple.Trim('(', ')').Split(',').Select(p => int.Parse(p.Trim(), CultureInfo.InvariantCulture)).ToArray();
        return new DateTime(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5], DateTimeKind.Utc).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
    }

    private static bool LooksLikeSanitizedHtml(string value)
    {
        foreach (Match tag in HtmlTag().Matches(value))
        {
            if (!SanitizedHtmlTags.Contains(tag.Groups[1].Value))
            {
                return false;
            }
        }

        return value.Contains('<', StringComparison.Ordinal) || value.Contains('&', StringComparison.Ordinal);
    }

    private static string HtmlToText(string html)
    {
        using var document = new HtmlParser().ParseDocument("<body>" + html + "</body>");

        // A line break or paragraph separates words: "byline<br/>text" is two words, not "bylinetext".
        foreach (var element in document.QuerySelectorAll("br,p,div,li"))
        {
            element.After(document.CreateTextNode(" "));
        }

        return document.Body?.TextContent ?? "";
    }

    private static IEnumerable<string> SplitTopLevelAnd(string expression)
    {
        var start = 0;
        char? quote = null;
        for (var i = 0; i < expression.Length; i++)
        {
            var c = expression[i];
            if (quote is not null)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == quote)
                {
                    quote = null;
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (string.CompareOrdinal(expression, i, " and ", 0, 5) == 0)
            {
                yield return expression[start..i];
                start = i + 5;
                i += 4;
            }
        }

        yield return expression[start..];
    }

    private static string PythonString(string literal)
    {
        var body = literal[1..^1];
        var builder = new StringBuilder(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] != '\\' || i + 1 >= body.Length)
            {
                builder.Append(body[i]);
                continue;
            }

            var next = body[++i];
            switch (next)
            {
                case 'n': builder.Append('\n'); break;
                case 't': builder.Append('\t'); break;
                case 'r': builder.Append('\r'); break;
                case 'x': builder.Append((char)Convert.ToInt32(body.Substring(i + 1, 2), 16)); i += 2; break;
                case 'u': builder.Append((char)Convert.ToInt32(body.Substring(i + 1, 4), 16)); i += 4; break;
                case 'U': builder.Append(char.ConvertFromUtf32(Convert.ToInt32(body.Substring(i + 1, 8), 16))); i += 8; break;
                default: builder.Append(next); break;
            }
        }

        return builder.ToString();
    }

    [GeneratedRegex("""^entries\[0\]\['(?<field>[a-z_]+)'\](?:\[0\])?(?:\['(?<sub>value)'\])?\s*==\s*(?:u?(?<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|(?<tuple>\([0-9, ]+\)))$""", RegexOptions.CultureInvariant)]
    private static partial Regex EntryClause();

    [GeneratedRegex("<([a-zA-Z][a-zA-Z0-9]*)")]
    private static partial Regex HtmlTag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex MultipleSpaces();
}
