using Alerts.Local;

namespace Alerts.Testing;

/// <summary>The captured real-world fixtures in <c>../shared/fixtures</c>, read in place (never copied into the repository).</summary>
public static class SharedFixtures
{
    public static string? Folder(string name)
    {
        var root = RepositoryRoot.TryFind();
        if (root is null)
        {
            return null;
        }

        var folder = Path.GetFullPath(Path.Combine(root, "..", "shared", "fixtures", name));
        return Directory.Exists(folder) ? folder : null;
    }

    /// <summary>The folder, or a visible skip when the shared fixtures are not checked out next to the repository.</summary>
    public static string Require(string name)
    {
        var folder = Folder(name);
        if (folder is null)
        {
            Assert.Skip($"shared fixtures ../shared/fixtures/{name} are not present next to the repository root");
        }

        return folder!;
    }

    public static IEnumerable<string> FeedFileNames()
    {
        // Theory rows are listed even without the folder, so each file is a visible (skipped) row.
        string[] known =
        [
            "AtomAdobe.xml", "AtomBattleNet.xml", "AtomSpecialCharacters.xml", "AtomTheVerge.xml", "AtomVergeAllPosts.xml",
            "AtomWiganwarriors.xml", "AtomYoutubeInvestmentPunk.xml", "Rss091FullSample.xml", "Rss091Stadtfeuerwehr.xml",
            "Rss092FullSample.xml", "Rss10FeedWebResourceSample.xml", "Rss10Minutos20.xml", "Rss10Minutos20Catalans.xml",
            "Rss10OrfAt.xml", "Rss20BreakingNews.xml", "Rss20CTVNews.xml", "Rss20CityDog.xml", "Rss20CodeHollowCom.xml",
            "Rss20ContentWindCom.xml", "Rss20DaStandardAt.xml", "Rss20DailyMail.xml", "Rss20DerBrutkasten.xml", "Rss20FazNet.xml",
            "Rss20FeedWebResourceSample.xml", "Rss20FinanzenNet.xml", "Rss20HubSpot.xml", "Rss20ISO88591Intranet30.xml",
            "Rss20IndianExpress.xml", "Rss20ItunesSample.xml", "Rss20JapanTimes.xml", "Rss20JapanToday.xml", "Rss20JungeGruender.xml",
            "Rss20LeFigaro.xml", "Rss20LeFil.xml", "Rss20LeMonde.xml", "Rss20LeParisien.xml", "Rss20MassaNews.xml",
            "Rss20MicrosoftBotFranework.xml", "Rss20MoscowTimes.xml", "Rss20NYTimes.xml", "Rss20NuusInAfrikaans.xml",
            "Rss20Reuters.xml", "Rss20RomaNews.xml", "Rss20RomaToday.xml", "Rss20Spiegel.xml", "Rss20TheMirror.xml",
            "Rss20ThomasMaurer.xml", "Rss20TrendingTopics.xml", "Rss20YandexRussia.xml",
        ];
        var folder = Folder("feeds");
        return folder is null
            ? known
            : Directory.EnumerateFiles(folder, "*.xml").Select(Path.GetFileName).OfType<string>().Union(known).Order(StringComparer.Ordinal);
    }
}
