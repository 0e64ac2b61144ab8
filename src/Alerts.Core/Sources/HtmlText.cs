using System.Net;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using AngleSharp.Html.Parser.Tokens;

namespace Alerts.Core.Sources;

/// <summary>
/// Turns feed HTML (CDATA descriptions, content:encoded) into plain text with a maintained HTML parser.
/// Hostile markup is bounded: nesting deeper than <see cref="MaxDepth"/> is refused while the tokens
/// arrive (the tree builder's scope checks walk the stack of open elements, so 100,000 nested elements
/// cost it minutes), and the text is collected by an iterative walk, never a recursive one.
/// </summary>
public static class HtmlText
{
    /// <summary>Open elements at most; real articles stay far below (a few dozen), hostile ones go to 10^5 and more.</summary>
    public const int MaxDepth = 256;

    /// <summary>One conversion at most, on top of any budget the caller passes.</summary>
    public static readonly TimeSpan MaxParseTime = TimeSpan.FromSeconds(5);

    private static readonly HashSet<string> Skipped = new(StringComparer.Ordinal) { "script", "style", "noscript", "iframe", "template" };

    private static readonly HashSet<string> Blocks = new(StringComparer.Ordinal) { "p", "br", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr" };

    /// <summary>Elements that never have content, so never open a level.</summary>
    private static readonly HashSet<string> Void = new(StringComparer.Ordinal)
    {
        "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img", "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
    };

    /// <summary>
    /// Start tags that close an open element the way the tree builder does (an unclosed <c>&lt;p&gt;</c>
    /// before a block, <c>&lt;li&gt;</c> before the next item, a cell before the next cell), with the
    /// elements the search for it does not cross. Without this, ordinary unclosed paragraphs and list
    /// items would count as nesting.
    /// </summary>
    private static readonly Dictionary<string, (string[] Closes, HashSet<string> Boundary)[]> ImpliedEnds = BuildImpliedEnds();

    private static Dictionary<string, (string[] Closes, HashSet<string> Boundary)[]> BuildImpliedEnds()
    {
        var buttonScope = new HashSet<string>(StringComparer.Ordinal) { "applet", "button", "caption", "html", "marquee", "object", "table", "td", "template", "th" };
        var listScope = new HashSet<string>(StringComparer.Ordinal) { "button", "dl", "html", "menu", "object", "ol", "table", "td", "template", "th", "ul" };
        var tableScope = new HashSet<string>(StringComparer.Ordinal) { "html", "table", "template" };
        var map = new Dictionary<string, (string[] Closes, HashSet<string> Boundary)[]>(StringComparer.Ordinal);
        var closeP = (new[] { "p" }, buttonScope);
        foreach (var block in new[]
        {
            "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl", "fieldset", "figcaption", "figure", "footer", "form",
            "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "listing", "main", "menu", "nav", "ol", "p", "pre", "search", "section", "summary", "table", "ul", "xmp",
        })
        {
            map[block] = [closeP];
        }

        map["li"] = [closeP, (["li"], listScope)];
        map["dt"] = [closeP, (["dt", "dd"], listScope)];
        map["dd"] = [closeP, (["dt", "dd"], listScope)];
        map["td"] = [(["td", "th"], tableScope)];
        map["th"] = [(["td", "th"], tableScope)];
        map["tr"] = [(["tr", "td", "th"], tableScope)];
        foreach (var section in new[] { "tbody", "thead", "tfoot" })
        {
            map[section] = [(["tbody", "thead", "tfoot", "tr", "td", "th"], tableScope)];
        }

        map["option"] = [(["option"], tableScope)];
        map["optgroup"] = [(["optgroup", "option"], tableScope)];
        return map;
    }

    /// <summary>Plain text of an HTML fragment; throws <see cref="MarkupLimitException"/> for markup nested too deep or too slow to parse.</summary>
    public static string ToPlainText(string? html) => ToPlainTextWithin(html, CancellationToken.None);

    /// <summary>As <see cref="ToPlainText"/>, stopping also when the caller's budget ends (<see cref="OperationCanceledException"/>).</summary>
    public static string ToPlainTextWithin(string? html, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return "";
        }

        if (html.IndexOf('<', StringComparison.Ordinal) < 0)
        {
            return CollapseWhitespace(WebUtility.HtmlDecode(html));
        }

        using var document = ParseDocument("<body>" + html + "</body>", cancellationToken);
        return CollapseWhitespace(TextOf(document.Body));
    }

    /// <summary>
    /// Parses a page or fragment with the depth limit and time budget in force; throws
    /// <see cref="MarkupLimitException"/> when either is exceeded, <see cref="OperationCanceledException"/> when the caller cancels.
    /// </summary>
    public static AngleSharp.Html.Dom.IHtmlDocument ParseDocument(string html, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(html);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(MaxParseTime);
        var open = new List<string>();
        var parser = new HtmlParser(new HtmlParserOptions
        {
            // Called for each token before the tree builder sees it, so a refusal costs at most MaxDepth tokens of building.
            OnToken = (token, _) =>
            {
                if (budget.IsCancellationRequested)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    throw new MarkupLimitException($"HTML took longer than {MaxParseTime.TotalSeconds:0} s to parse");
                }

                if (token is HtmlTagToken tag)
                {
                    Track(open, tag);
                }
            },
        });
        return parser.ParseDocument(html);
    }

    /// <summary>A close estimate of the parser's stack of open elements: an end tag pops to its match, a stray one is ignored as the parser does.</summary>
    private static void Track(List<string> open, HtmlTagToken tag)
    {
        var name = tag.Name;
        if (tag.Type == HtmlTokenType.StartTag)
        {
            if (tag.IsSelfClosing || Void.Contains(name))
            {
                return;
            }

            if (ImpliedEnds.TryGetValue(name, out var steps))
            {
                foreach (var (closes, boundary) in steps)
                {
                    // The deepest open element it closes, not looking past its scope's boundary; everything above goes with it.
                    for (var i = open.Count - 1; i >= 0 && !boundary.Contains(open[i]); i--)
                    {
                        if (Array.IndexOf(closes, open[i]) >= 0)
                        {
                            open.RemoveRange(i, open.Count - i);
                            break;
                        }
                    }
                }
            }

            open.Add(name);
            if (open.Count > MaxDepth)
            {
                throw new MarkupLimitException($"HTML nests deeper than {MaxDepth} elements");
            }
        }
        else if (tag.Type == HtmlTokenType.EndTag)
        {
            var match = open.LastIndexOf(name);
            if (match >= 0)
            {
                open.RemoveRange(match, open.Count - match);
            }
        }
    }

    /// <summary>
    /// The text of every text node below the element in document order, with a line break after block
    /// elements (without it, paragraphs run together) and scripts, styles and frames left out. Iterative,
    /// so no markup can exhaust the stack.
    /// </summary>
    private static string TextOf(INode? root)
    {
        if (root is null)
        {
            return "";
        }

        var builder = new StringBuilder();
        var pending = new Stack<(INode Node, bool Closing)>();
        PushChildren(pending, root);
        while (pending.TryPop(out var entry))
        {
            if (entry.Closing)
            {
                builder.Append('\n');
                continue;
            }

            switch (entry.Node)
            {
                case IText text:
                    builder.Append(text.Data);
                    break;
                case IElement element when !Skipped.Contains(element.LocalName):
                    if (Blocks.Contains(element.LocalName))
                    {
                        pending.Push((element, true));
                    }

                    PushChildren(pending, element);
                    break;
            }
        }

        return builder.ToString();
    }

    private static void PushChildren(Stack<(INode Node, bool Closing)> pending, INode node)
    {
        for (var child = node.LastChild; child is not null; child = child.PreviousSibling)
        {
            pending.Push((child, false));
        }
    }

    private static string CollapseWhitespace(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        var pendingBreak = false;
        foreach (var c in text)
        {
            if (c == '\n')
            {
                pendingBreak = true;
            }
            else if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                pendingSpace = true;
            }
            else
            {
                if (builder.Length > 0 && (pendingBreak || pendingSpace))
                {
                    builder.Append(pendingBreak ? '\n' : ' ');
                }

                builder.Append(c);
                pendingSpace = pendingBreak = false;
            }
        }

        return builder.ToString();
    }
}
