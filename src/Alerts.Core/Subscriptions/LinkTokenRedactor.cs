using System.Text.RegularExpressions;

namespace Alerts.Core.Subscriptions;

/// <summary>
/// Removes link tokens from text bound for telemetry: the value of any <c>token</c>, <c>t</c> or <c>sig</c>
/// query parameter (plain or percent-encoded), and anything shaped like a signed link token wherever it
/// appears (a log line that quotes a URL, an exception message). A token in telemetry is a working
/// preferences or unsubscribe link for anyone who can read the workspace.
/// </summary>
public static partial class LinkTokenRedactor
{
    public const string Redacted = "REDACTED";

    public static string? Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        var result = QueryParameter().Replace(text, m => m.Groups["name"].Value + Redacted);
        return SignedToken().Replace(result, Redacted);
    }

    public static Uri? Redact(Uri? url)
    {
        if (url is null)
        {
            return null;
        }

        var text = Redact(url.OriginalString)!;
        return text == url.OriginalString ? url : new Uri(text, url.IsAbsoluteUri ? UriKind.Absolute : UriKind.Relative);
    }

    // ?token=, &t=, &sig= (any case), also %3F / %26 encoded separators as found in URLs nested inside URLs.
    [GeneratedRegex(@"(?<name>(?:[?&;]|%3[Ff]|%26)(?:token|t|sig)(?:=|%3[Dd]))[^&#\s""'<>]*", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex QueryParameter();

    // purpose.id.version[.epoch].expiry[.kid].signature, as SubscriptionTokens writes them.
    [GeneratedRegex(@"\b(?:confirm|preferences|unsubscribe)\.[A-Za-z0-9_-]+\.\d+(?:\.\d+)?\.\d{9,}(?:\.[0-9a-f]{8})?\.[A-Za-z0-9_-]{20,}", RegexOptions.CultureInvariant)]
    private static partial Regex SignedToken();
}
