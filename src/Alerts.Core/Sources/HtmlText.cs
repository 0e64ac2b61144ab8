using System.Net;
using System.Text;
using AngleSharp.Html.Parser;

namespace Alerts.Core.Sources;

/// <summary>Turns feed HTML (CDATA descriptions, content:encoded) into plain text with a maintained HTML parser.</summary>
public static class HtmlText
{
    public static string ToPlainText(string? html)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return "";
        }

        if (html.IndexOf('<', StringComparison.Ordinal) < 0)
        {
            return CollapseWhitespace(WebUtility.HtmlDecode(html));
        }

        var parser = new HtmlParser();
        using var document = parser.ParseDocument("<body>" + html + "</body>");
        foreach (var element in document.QuerySelectorAll("script,style,noscript,iframe"))
        {
            element.Remove();
        }

        // Block elements end sentences; without a break, paragraphs run together.
        foreach (var element in document.QuerySelectorAll("p,br,div,li,h1,h2,h3,h4,h5,h6,blockquote,tr"))
        {
            element.After(document.CreateTextNode("\n"));
        }

        return CollapseWhitespace(document.Body?.TextContent ?? "");
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
