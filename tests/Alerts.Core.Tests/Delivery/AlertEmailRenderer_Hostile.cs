using System.Text.RegularExpressions;
using Alerts.Core.Configuration;
using Alerts.Core.Delivery;
using Alerts.Core.Email.Templates;
using Alerts.Core.Officials;
using Alerts.Core.Statements;
using Alerts.Core.Subscriptions;
using Alerts.Core.Threats;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Alerts.Core.Tests.Delivery;

/// <summary>Statement text, official names and source links are untrusted: they must come out inert in the email.</summary>
public sealed partial class AlertEmailRenderer_Hostile
{
    private const string Hostile = "<script>alert(1)</script> He said \"we will 'crush' them\" & <img src=x onerror=alert(2)>";

    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static (AlertEmailRenderer Renderer, SubscriptionTokens Tokens) Create()
    {
        var time = new FakeTimeProvider(Now);
        var tokens = new SubscriptionTokens(Options.Create(new TokenOptions { SigningKey = "test-signing-key-0123456789-abcdefghijklmnop" }), time);
        return (new AlertEmailRenderer(Options.Create(new AlertsOptions { PublicBaseUrl = "https://alerts.example.org" }), tokens, new LiquidTemplates()), tokens);
    }

    private static StoredStatement HostileStatement()
    {
        var text = "Official warns: " + Hostile;
        var start = text.IndexOf("crush", StringComparison.Ordinal);
        var analysis = new ThreatAnalysis(true, 80, ThreatLevel.High, ["military_force"],
            [new ThreatEvidence(start, start + 5, "crush", "military_force", "phrase:<b>crush</b>")], "test", "en");
        return new StoredStatement(
            "st-hostile", "official-x", "<script>steal()</script> O'Brien \"Mad Dog\"", text, "<title>",
            "javascript:alert(3)",
            [
                new StatementSource("s1", "<b>Evil</b> News", "i1", "javascript:alert(4)", "click <me>", Now),
                new StatementSource("s2", "Data News", "i2", "data:text/html;base64,PHNjcmlwdD4=", null, Now),
                new StatementSource("s3", "Good News", "i3", "https://news.example.org/story?a=1&b=\"2\"", "Real story", Now),
            ],
            Now.AddHours(-1), Now, analysis, "corr-1");
    }

    private static Subscription Reader() =>
        new("sub-1", "reader@example.org", [], ThreatLevel.Low, [], DeliveryMode.Immediate, SubscriptionStatus.Active, Now, Now) { Version = 42 };

    [Fact]
    public void EncodesHostileStatementTextAndOfficialNameInTheHtmlBody()
    {
        var email = Create().Renderer.Render(HostileStatement(), Reader());

        Assert.DoesNotContain("<script", email.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", email.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", email.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<title>\u003C", email.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;steal()&lt;/script&gt;", email.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(2)&gt;", email.Html, StringComparison.Ordinal);
        Assert.Contains("O&#x27;Brien &quot;Mad Dog&quot;", email.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void KeepsOnlyHttpAndHttpsLinksInTheEmail()
    {
        var email = Create().Renderer.Render(HostileStatement(), Reader());
        var hrefs = HrefPattern().Matches(email.Html).Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();

        Assert.NotEmpty(hrefs);
        Assert.All(hrefs, href => Assert.True(href.StartsWith("https://", StringComparison.Ordinal) || href.StartsWith("http://", StringComparison.Ordinal), href));
        Assert.DoesNotContain("javascript:", email.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("data:text", email.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", email.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(hrefs, h => h.StartsWith("https://news.example.org/story?a=1&b=%222%22", StringComparison.Ordinal));
    }

    [Fact]
    public void HighlightsTheEvidenceInsideTheEncodedStatement()
    {
        var email = Create().Renderer.Render(HostileStatement(), Reader());

        Assert.Matches("&#x27;<mark[^>]*>crush</mark>&#x27;", email.Html);
        Assert.Contains("'**crush**'", email.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void PutsOfficialLevelAndGistInAOneLineSubject()
    {
        var statement = HostileStatement() with { OfficialName = "Minister\r\nBcc: victim@example.org" };
        var email = Create().Renderer.Render(statement, Reader());

        // The gist is the sentence around the first evidence, so the reader sees what was threatened.
        Assert.StartsWith("[HIGH] Minister  Bcc: victim@example.org: \u201COfficial warns:", email.Subject, StringComparison.Ordinal);
        Assert.Contains("crush", email.Subject, StringComparison.Ordinal);
        Assert.EndsWith("\u201D", email.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', email.Subject);
        Assert.DoesNotContain('\r', email.Subject);
    }

    [Fact]
    public void CarriesBothBodiesTheWhyAndSignedPreferencesAndUnsubscribeLinks()
    {
        var (renderer, tokens) = Create();
        var email = renderer.Render(HostileStatement(), Reader());

        Assert.Contains("You follow all watched officials, at level Low or above", email.Text, StringComparison.Ordinal);
        Assert.Contains("Said: 2026-11-25 11:00 UTC. Detected: 2026-11-25 12:00 UTC.", email.Text, StringComparison.Ordinal);
        Assert.Contains("https://news.example.org/story", email.Text, StringComparison.Ordinal);
        Assert.Contains("Evil", email.Text, StringComparison.Ordinal);
        var unsubscribe = email.Headers["List-Unsubscribe"].Trim('<', '>');
        var token = Uri.UnescapeDataString(unsubscribe[(unsubscribe.IndexOf("token=", StringComparison.Ordinal) + 6)..]);
        Assert.Equal(new SubscriptionToken("unsubscribe", "sub-1", 42, Now + SubscriptionTokens.EmailLinkLifetime), tokens.Read("unsubscribe", token));
        Assert.Equal("List-Unsubscribe=One-Click", email.Headers["List-Unsubscribe-Post"]);
        Assert.Contains("/api/preferences?token=", email.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void CapsTheSubjectOfAnOfficialWithAnEndlessName()
    {
        var email = Create().Renderer.Render(HostileStatement() with { OfficialName = new string('x', 5_000) }, Reader());
        Assert.Equal(200, email.Subject.Length);
    }

    [GeneratedRegex("href=\"([^\"]*)\"")]
    private static partial Regex HrefPattern();
}
