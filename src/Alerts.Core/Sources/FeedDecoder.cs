using System.Text;
using System.Text.RegularExpressions;
using System.Xml;

namespace Alerts.Core.Sources;

/// <summary>
/// Turns feed bytes into text. Publishers often declare one encoding and send another (ISO-8859-1
/// declared over UTF-8 bytes is common), so the order is: a byte-order mark, then bytes that are valid
/// UTF-8 (non-ASCII UTF-8 is almost never valid by accident in a single-byte encoding), then the
/// declared encoding, then Windows-1252.
/// </summary>
public static partial class FeedDecoder
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return Encoding.UTF8.GetString(bytes[3..]);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]))
        {
            return Encoding.UTF32.GetString(bytes[4..]);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return Encoding.Unicode.GetString(bytes[2..]);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return Encoding.BigEndianUnicode.GetString(bytes[2..]);
        }

        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            // Not UTF-8: fall through to what the document says it is.
        }

        return (DeclaredEncoding(bytes) ?? Windows1252()).GetString(bytes);
    }

    /// <summary>The encoding named in the XML declaration, when .NET knows it (built in or a Windows code page).</summary>
    public static Encoding? DeclaredEncoding(ReadOnlySpan<byte> bytes)
    {
        var head = Encoding.ASCII.GetString(bytes[..Math.Min(bytes.Length, 200)]);
        var match = DeclarationEncoding().Match(head);
        if (!match.Success)
        {
            return null;
        }

        var name = match.Groups["name"].Value;
        try
        {
            // ISO-8859-1 feeds are in practice Windows-1252 (curly quotes in 0x80-0x9F), as browsers assume.
            return name.Equals("iso-8859-1", StringComparison.OrdinalIgnoreCase) ? Windows1252() : Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            return CodePagesEncodingProvider.Instance.GetEncoding(name);
        }
    }

    private static Encoding Windows1252() => CodePagesEncodingProvider.Instance.GetEncoding(1252) ?? Encoding.Latin1;

    /// <summary>True when the text is an HTML page (a login wall, an error page, a site's home page) rather than XML.</summary>
    public static bool LooksLikeHtml(string text)
    {
        var start = text.AsSpan().TrimStart();
        if (start.StartsWith("<?xml", StringComparison.OrdinalIgnoreCase))
        {
            var end = start.IndexOf("?>", StringComparison.Ordinal);
            start = end < 0 ? start : start[(end + 2)..].TrimStart();
        }

        return start.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase)
            || start.StartsWith("<html", StringComparison.OrdinalIgnoreCase)
            || start.StartsWith("<head", StringComparison.OrdinalIgnoreCase)
            || start.StartsWith("<body", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Drops characters XML 1.0 forbids; returns the same instance when there are none.</summary>
    public static string RemoveInvalidXmlChars(string text)
    {
        var firstBad = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (!IsValidAt(text, i, out var width))
            {
                firstBad = i;
                break;
            }

            i += width - 1;
        }

        if (firstBad < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        builder.Append(text, 0, firstBad);
        for (var i = firstBad; i < text.Length; i++)
        {
            if (IsValidAt(text, i, out var width))
            {
                builder.Append(text, i, width);
                i += width - 1;
            }
        }

        return builder.ToString();
    }

    private static bool IsValidAt(string text, int i, out int width)
    {
        width = 1;
        var c = text[i];
        if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
        {
            width = 2;
            return true;
        }

        return XmlConvert.IsXmlChar(c);
    }

    [GeneratedRegex("""^\s*<\?xml[^>]*encoding\s*=\s*["'](?<name>[A-Za-z0-9._\-]+)["']""", RegexOptions.CultureInvariant)]
    private static partial Regex DeclarationEncoding();
}
