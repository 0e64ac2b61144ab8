using Alerts.Core.Sources;

namespace Alerts.Core.Tests.Sources;

public sealed class FeedParser_Fixtures
{
    public static TheoryData<string> FeedFiles() => new(SharedFixtures.FeedFileNames());

    [Theory]
    [MemberData(nameof(FeedFiles))]
    public void ParsesEveryCapturedRealWorldFeedIntoItemsWithIdsTextAndAbsoluteLinks(string file)
    {
        var path = Path.Combine(SharedFixtures.Require("feeds"), file);

        var bytes = File.ReadAllBytes(path);
        var items = new FeedParser().Parse(bytes, new Uri("https://feeds.example.org/feed.xml"));

        // Counted on the raw text, independently of the parser (a feed may legitimately be empty).
        var raw = System.Text.Encoding.Latin1.GetString(bytes);
        var expected = System.Text.RegularExpressions.Regex.Count(raw, "<(item|entry)[ >]");
        Assert.Equal(expected, items.Count);
        Assert.All(items, item =>
        {
            Assert.False(string.IsNullOrWhiteSpace(item.Id));
            Assert.True(item.Title is not null || item.Text.Length > 0, $"item {item.Id} has neither title nor text");
            Assert.True(item.Link is null || (Uri.TryCreate(item.Link, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"), $"link {item.Link} is not an absolute http(s) URL");
            Assert.DoesNotMatch("^\\s*<(p|div|img)\\b", item.Text);
            Assert.DoesNotContain('\uFFFD', item.Title ?? "");
        });
    }

    [Theory]
    [InlineData("Rss20ContentWindCom.xml")]
    [InlineData("Rss20YandexRussia.xml")]
    [InlineData("Rss20Reuters.xml")]
    [InlineData("Rss091Stadtfeuerwehr.xml")]
    [InlineData("Rss10OrfAt.xml")]
    [InlineData("AtomTheVerge.xml")]
    public void ReadsThePublicationDateOfEveryItemInFeedsWithOddDateFormats(string file)
    {
        var items = new FeedParser().Parse(File.ReadAllBytes(Path.Combine(SharedFixtures.Require("feeds"), file)));

        Assert.All(items, item => Assert.NotNull(item.Published));
    }

    [Fact]
    public void DecodesUtf8BytesUnderAWrongIso88591Declaration()
    {
        var items = new FeedParser().Parse(File.ReadAllBytes(Path.Combine(SharedFixtures.Require("feeds"), "Rss20FinanzenNet.xml")));

        var text = string.Join(" ", items.Select(i => i.Title + " " + i.Text));
        Assert.DoesNotContain("Ã", text, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodesRealIso88591BytesAsDeclared()
    {
        var items = new FeedParser().Parse(File.ReadAllBytes(Path.Combine(SharedFixtures.Require("feeds"), "Rss091Stadtfeuerwehr.xml")));

        var text = string.Join(" ", items.Select(i => i.Title + " " + i.Text));
        Assert.DoesNotContain('\uFFFD', text);
        Assert.Matches("[äöüß]", text);
    }

    [Fact]
    public void RecoversTheNotWellFormedAtomFeedByDroppingCharactersXmlForbids()
    {
        var items = new FeedParser().Parse(File.ReadAllBytes(Path.Combine(SharedFixtures.Require("feeds"), "AtomSpecialCharacters.xml")));

        Assert.NotEmpty(items);
    }

    [Fact]
    public void ResolvesRelativeEntryLinksAgainstXmlBase()
    {
        var items = new FeedParser().Parse(File.ReadAllBytes(Path.Combine(SharedFixtures.Require("feeds"), "AtomWiganwarriors.xml")));

        Assert.All(items.Where(i => i.Link is not null), i => Assert.StartsWith("http", i.Link, StringComparison.Ordinal));
    }
}
