using Alerts.Core.Officials;
using Alerts.Core.Sources;
using Alerts.Core.Statements;
using Alerts.Core.Threats;
using Alerts.Local;

namespace Alerts.Core.Tests.Statements;

public sealed class StatementExtractor_Attribution
{
    internal static readonly Official Asif = TestOfficials.Asif;

    private static readonly Official Sharif = new("shehbaz-sharif", "Shehbaz Sharif", ["Sharif"], "Prime Minister", "Pakistan");

    private static FeedItem Item(string text, string? title = null) => new("id", title, "https://news.example.org/a", new DateTimeOffset(2025, 10, 29, 16, 0, 0, TimeSpan.Zero), text);

    private static ExtractedStatement Single(string text, string? title = null) =>
        Assert.Single(new StatementExtractor().Extract(Item(text, title), [Asif, Sharif]), s => s.Official.Id == Asif.Id);

    [Fact]
    public void KeepsTheSeedArticlesThreatAttributedToTheMinister()
    {
        var feed = Path.Combine(RepositoryRoot.Find(), "seeds", "feeds", "seed-news.xml");
        var item = new FeedParser().Parse(File.ReadAllBytes(feed))[0];

        var statement = Assert.Single(new StatementExtractor().Extract(item, [Asif]));
        var analysis = new ThreatAnalyzer().Analyze(statement.Text, new SpeakerContext(Asif.Name, Asif.Aliases));

        Assert.Contains("crushing", statement.Text, StringComparison.Ordinal);
        Assert.Contains("We will no longer tolerate your mockery and betrayal. Every terrorist attack inside Pakistan will come at a heavy price", statement.Quotes!);
        Assert.DoesNotContain("mediated by Qatar and Turkey", statement.Text, StringComparison.Ordinal);
        Assert.True(analysis.Threat);
        Assert.Equal(item.Published, statement.SaidAt);
    }

    [Theory]
    [InlineData("KHAWAJA ASIF said the talks had failed.")]
    [InlineData("Khawája Ásif said the talks had failed.")]
    [InlineData("In Asif\u2019s words, the talks had failed, he said.")]
    [InlineData("Pakistan\u2019s Defence Minister said the talks had failed.")]
    [InlineData("Pakistani defence minister warned that the talks had failed.")]
    [InlineData("Asif sagte, the talks had failed.")]
    [InlineData("Selon Khawaja Asif, the talks had failed.")]
    [InlineData("The talks had failed, according to Khawaja Asif.")]
    public void RecognisesTheOfficialThroughCaseDiacriticsPossessivesAndTitles(string text)
    {
        Assert.Contains("talks had failed", Single(text).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void IgnoresABareTitleWhenTheItemNeverNamesTheOfficial()
    {
        Assert.Empty(new StatementExtractor().Extract(Item("The defence minister of Norway said the exercise went well."), [Asif]));
    }

    [Fact]
    public void CarriesAttributionThroughPronounsUntilTheSubjectChanges()
    {
        var statement = Single("Asif met reporters in Sialkot. He warned that any attack would be answered. He added that Pakistan wanted peace. The weather was mild. He said nothing else.");

        Assert.Equal("He warned that any attack would be answered. He added that Pakistan wanted peace.", statement.Text);
    }

    [Theory]
    [InlineData("Asif warned the Taliban. Sharif replied that he wanted calm.")]
    [InlineData("Asif warned the Taliban. Analyst Ayesha Siddiqa said she doubted it.")]
    [InlineData("Asif warned the Taliban. The Taliban said they would answer him.")]
    [InlineData("Asif warned the Taliban. He was wrong, according to Reuters.")]
    public void StopsCarryingAttributionWhenAnotherSpeakerTakesOver(string text)
    {
        Assert.Equal("Asif warned the Taliban.", Single(text).Text);
    }

    [Fact]
    public void KeepsAQuotationThatFollowsAnAttributedSentence()
    {
        var statement = Single("Asif spoke to the press on Tuesday and said this. \u201CWe will respond with full force to any aggression.\u201D Markets were calm.");

        Assert.Contains("We will respond with full force to any aggression", statement.Quotes!);
        Assert.DoesNotContain("Markets", statement.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void DoesNotCreditOneOfficialWithAnotherOfficialsWords()
    {
        var statements = new StatementExtractor().Extract(Item("Sharif said the economy would recover. Asif warned the Taliban of a crushing response."), [Asif, Sharif]);

        Assert.Equal("Asif warned the Taliban of a crushing response.", Assert.Single(statements, s => s.Official.Id == Asif.Id).Text);
        Assert.Equal("Sharif said the economy would recover.", Assert.Single(statements, s => s.Official.Id == Sharif.Id).Text);
    }

    [Theory]
    [InlineData("Opposition leader Imran Khan said Asif had failed the country.", null)]
    [InlineData("", "Imran Khan Says Asif Failed The Country")]
    public void DoesNotCreditTheOfficialWithWordsSaidAboutThem(string text, string? title)
    {
        Assert.Empty(new StatementExtractor().Extract(Item(text, title), [Asif]));
    }

    [Fact]
    public void TakesATitleCaseHeadlineWhenItIsAllTheItemHas()
    {
        Assert.Equal("Asif Warns Taliban Of Crushing Response", Single("", "Asif Warns Taliban Of Crushing Response").Text);
    }

    [Fact]
    public void YieldsNothingForAnItemThatOnlyMentionsTheOfficialWithoutWordsOfTheirs()
    {
        Assert.Empty(new StatementExtractor().Extract(Item("Asif met the Turkish delegation on Thursday."), [Asif]));
    }

    [Fact]
    public void TakesAPostFromTheOfficialsOwnXAccountWhole()
    {
        var post = new FeedItem("x:1", null, "https://x.com/i/web/status/1", DateTimeOffset.UnixEpoch, "Our response will be crushing.", AuthorXUserId: Asif.XUserId);

        var statement = Assert.Single(new StatementExtractor().Extract(post, [Sharif, Asif]));

        Assert.Equal(Asif, statement.Official);
        Assert.Equal("Our response will be crushing.", statement.Text);
    }

    [Fact]
    public void KeysAStatementByItsQuotationsNotTheWordingAroundThem()
    {
        var a = Single("Asif told reporters: \u201CWe will no longer tolerate your mockery and betrayal.\u201D");
        var b = Single("Addressing the Taliban directly, Pakistan\u2019s Defence Minister said \u201Cwe will no longer tolerate your mockery and betrayal\u201D.");

        Assert.Equal(StatementKey.Compute(Asif.Id, StatementExtractor.KeyText(a)), StatementKey.Compute(Asif.Id, StatementExtractor.KeyText(b)));
    }

    [Fact]
    public void SplitsSentencesWithoutBreakingQuotationsOrInitials()
    {
        var sentences = SentenceSplitter.Split("Khawaja M. Asif said \u201CSo be it. We are ready.\u201D Mr. Sharif agreed. Then U.S. officials left.");

        Assert.Equal(["Khawaja M. Asif said \u201CSo be it. We are ready.\u201D", "Mr. Sharif agreed.", "Then U.S. officials left."], sentences.Select(s => s.Text));
    }
}

public sealed class SpeechDates_Resolve
{
    private static readonly DateTimeOffset Published = new(2025, 10, 29, 16, 0, 0, TimeSpan.FromHours(5)); // a Wednesday

    [Theory]
    [InlineData("Asif said on Monday that talks had failed.", "2025-10-27T00:00:00+05:00")]
    [InlineData("Asif said yesterday that talks had failed.", "2025-10-28T00:00:00+05:00")]
    [InlineData("In a post on Sunday, October 26, Asif said talks had failed.", "2025-10-26T00:00:00+05:00")]
    [InlineData("Asif told parliament on 12 December that talks had failed.", "2024-12-12T00:00:00+05:00")]
    [InlineData("Asif said on Wednesday that talks had failed.", "2025-10-29T16:00:00+05:00")]
    [InlineData("Asif said that talks had failed.", "2025-10-29T16:00:00+05:00")]
    public void ReadsTheDayTheWordsWereSaidFromTheReport(string sentence, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), SpeechDates.Resolve([sentence], Published));
    }
}
