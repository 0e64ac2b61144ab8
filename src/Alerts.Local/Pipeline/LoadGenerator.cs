using System.Globalization;
using System.Security;
using System.Text;
using Alerts.Core.Officials;
using Alerts.Core.Statements;
using Alerts.Core.Subscriptions;
using Alerts.Core.Threats;

namespace Alerts.Local.Pipeline;

/// <summary>What the load run generates: sources, items per source, the share of threats, and who is watching.</summary>
/// <param name="MaxSeconds">Stops the drain after this long (0: no limit) and reports how far the run got.</param>
public sealed record LoadSettings(int Sources = 500, int Items = 10_000, double ThreatRatio = 0.05, int Officials = 20, int Seed = 7, int MaxSeconds = 0)
{
    public string? Validate() =>
        Sources < 1 ? "--sources must be at least 1"
        : MaxSeconds < 0 ? "--max-seconds must be 0 (no limit) or more"
        : Items < Sources ? "--items must be at least --sources (every source carries one item or more)"
        : ThreatRatio is < 0 or > 1 || double.IsNaN(ThreatRatio) ? "--threat-ratio must be between 0 and 1"
        : Officials is < 1 or > 400 ? "officials must be between 1 and 400"
        : null;
}

/// <summary>
/// Writes the load run's inputs: one RSS file per source (items naming one watched official each, a set share
/// of them threats), the officials, and three subscribers with different filters. Deterministic for a seed.
/// </summary>
public sealed class LoadGenerator(LoadSettings settings)
{
    private static readonly string[] FirstNames =
        ["Amara", "Bogdan", "Chiara", "Dmitri", "Esther", "Farid", "Greta", "Hamid", "Ingrid", "Jomo", "Katya", "Lorenzo", "Mei", "Nikolai", "Oluwaseun", "Priya", "Quentin", "Rashida", "Stellan", "Tamar"];

    private static readonly string[] LastNames =
        ["Okafor", "Lindqvist", "Moreau", "Haddad", "Kowalczyk", "Tanaka", "Ferreira", "Abernathy", "Volkov", "Mensah", "Castellanos", "Nakamura", "Obradovic", "Quispe", "Rahimi", "Szabo", "Underwood", "Varga", "Whitlock", "Zeller"];

    private static readonly string[] Roles = ["Defence Minister", "Foreign Minister", "Interior Minister", "Prime Minister", "President"];

    private static readonly string[] Places = ["the northern border", "the capital", "the coastal provinces", "the river crossings", "the eastern district", "the mountain passes", "the port", "the airbase", "the southern plains", "the islands"];

    private static readonly string[] Groups = ["the militants", "the rebel commanders", "the hostile neighbour", "the armed groups", "the smugglers' networks", "the occupying forces", "the separatists", "the insurgent leadership"];

    private static readonly string[] Topics = ["rail links", "grain exports", "school funding", "vaccine supply", "flood defences", "tax collection", "port upgrades", "wind farms", "fisheries quotas", "broadband roll-out", "pension reform", "tourism"];

    private static readonly string[] Partners = ["Norway", "Kenya", "Chile", "Vietnam", "Portugal", "Ghana", "Canada", "Uruguay", "Mongolia", "Jordan", "Estonia", "Malaysia"];

    private static readonly string[] Threats =
    [
        "{0} said any attack on {1} would be met with a crushing response.",
        "{0} warned that {2} would face total destruction if they crossed into {1}.",
        "{0} said {2} will pay a heavy price for the assault on {1}.",
        "{0} told reporters that {2} would be crushed if they attacked {1}.",
    ];

    private static readonly string[] Routine =
    [
        "{0} said the ministry would expand cooperation on {3} with {4}.",
        "{0} opened a conference on {3} and thanked the delegation from {4}.",
        "{0} announced a review of {3} to be published in the spring.",
        "{0} met business leaders to discuss {3} and investment from {4}.",
    ];

    private static readonly string[] Filler =
    [
        "The statement came after a meeting of the cabinet on {5}.",
        "Officials in {1} declined to comment further on {5}.",
        "Reporters were briefed at the ministry on {5} about {3}.",
        "The remarks were broadcast on state television on {5}.",
        "A spokesperson said a fuller account would follow after {5}.",
    ];

    // Neutral words that make each generated statement its own: the near-duplicate index rightly merges
    // statements that share most of their wording, and templates alone would.
    private static readonly string[] Vocabulary =
    [
        "orchards", "libraries", "bridges", "ferries", "clinics", "museums", "harbours", "vineyards", "railways", "stadiums",
        "bakeries", "archives", "gardens", "tunnels", "markets", "theatres", "laboratories", "observatories", "kindergartens", "dairies",
        "canals", "lighthouses", "bicycles", "textbooks", "pensions", "salaries", "tariffs", "licences", "permits", "census",
        "telescopes", "satellites", "turbines", "reservoirs", "greenhouses", "apprenticeships", "scholarships", "festivals", "exhibitions", "choirs",
        "highways", "airports", "hospitals", "universities", "pharmacies", "warehouses", "factories", "mines", "forests", "wetlands",
        "glaciers", "beaches", "islands", "valleys", "meadows", "rivers", "lakes", "deserts", "plateaus", "coastlines",
        "poetry", "sculpture", "cinema", "football", "cricket", "chess", "sailing", "rowing", "cycling", "athletics",
        "tea", "coffee", "cotton", "wool", "rice", "wheat", "barley", "olives", "dates", "citrus",
    ];

    public LoadSettings Settings { get; } = settings;

    /// <summary>The officials: distinct first and last names, so no name is part of another.</summary>
    public IReadOnlyList<Official> CreateOfficials()
    {
        var result = new List<Official>(Settings.Officials);
        for (var i = 0; i < Settings.Officials; i++)
        {
            var name = $"{FirstNames[i % FirstNames.Length]} {LastNames[(i / FirstNames.Length + i) % LastNames.Length]}";
            result.Add(new Official($"load-official-{i:D3}", name, [], Roles[i % Roles.Length], "Loadland"));
        }

        return result;
    }

    /// <summary>Three subscribers: everything at medium and above, the even-numbered officials at low and above, and the first official only.</summary>
    public static IReadOnlyList<Subscription> CreateSubscribers(IReadOnlyList<Official> officials, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(officials);
        Subscription Make(string email, IReadOnlyList<string> ids, ThreatLevel level) =>
            new(SubscriptionStore.IdFor(email), email, ids, level, [], DeliveryMode.Immediate, SubscriptionStatus.Active, now, now);
        return
        [
            Make("desk-all@load.example", [], ThreatLevel.Medium),
            Make("desk-even@load.example", officials.Where((_, i) => i % 2 == 0).Select(o => o.Id).ToList(), ThreatLevel.Low),
            Make("desk-one@load.example", [officials[0].Id], ThreatLevel.Low),
        ];
    }

    /// <summary>Writes one RSS file per source into <paramref name="folder"/>; returns the files and how many threat items they carry.</summary>
    public async Task<GeneratedFeeds> WriteFeedsAsync(string folder, IReadOnlyList<Official> officials, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(officials);
        Directory.CreateDirectory(folder);
        var random = new Random(Settings.Seed);
        var threatsWanted = (int)Math.Round(Settings.Items * Settings.ThreatRatio, MidpointRounding.AwayFromZero);
        var files = new List<string>(Settings.Sources);
        var item = 0;
        var threats = 0;
        for (var s = 0; s < Settings.Sources; s++)
        {
            var count = Settings.Items / Settings.Sources + (s < Settings.Items % Settings.Sources ? 1 : 0);
            var xml = new StringBuilder();
            xml.Append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel><title>Load source ")
                .Append(s.ToString(CultureInfo.InvariantCulture)).Append("</title><link>https://load.example/</link><description>generated</description>\n");
            for (var k = 0; k < count; k++, item++)
            {
                // Spread the threats evenly over the items: item i is a threat when the running quota says so.
                var isThreat = (long)(item + 1) * threatsWanted / Settings.Items > (long)item * threatsWanted / Settings.Items;
                threats += isThreat ? 1 : 0;
                var official = officials[random.Next(officials.Count)];
                var (title, text) = Compose(random, official, isThreat, item, now);
                xml.Append("<item><title>").Append(SecurityElement.Escape(title)).Append("</title>")
                    .Append("<link>https://load.example/source-").Append(s.ToString(CultureInfo.InvariantCulture)).Append("/item-").Append(item.ToString(CultureInfo.InvariantCulture)).Append("</link>")
                    .Append("<guid isPermaLink=\"false\">load-").Append(item.ToString(CultureInfo.InvariantCulture)).Append("</guid>")
                    .Append("<pubDate>").Append(now.AddMinutes(-item % 600).ToString("R", CultureInfo.InvariantCulture)).Append("</pubDate>")
                    .Append("<description>").Append(SecurityElement.Escape(text)).Append("</description></item>\n");
            }

            xml.Append("</channel></rss>\n");
            var path = Path.Combine(folder, $"source-{s:D4}.xml");
            await File.WriteAllTextAsync(path, xml.ToString(), cancellationToken);
            files.Add(path);
        }

        return new GeneratedFeeds(files, item, threats);
    }

    private static (string Title, string Text) Compose(Random random, Official official, bool threat, int item, DateTimeOffset now)
    {
        var speaker = $"{official.Role} {official.Name}";
        var slots = new object[]
        {
            speaker,
            Places[random.Next(Places.Length)],
            Groups[random.Next(Groups.Length)],
            Topics[random.Next(Topics.Length)],
            Partners[random.Next(Partners.Length)],
            now.AddDays(-(item % 365)).ToString("d MMMM yyyy", CultureInfo.InvariantCulture),
        };
        var lead = string.Format(CultureInfo.InvariantCulture, (threat ? Threats : Routine)[random.Next(4)], slots);
        var text = new StringBuilder(lead);
        foreach (var filler in Filler.OrderBy(_ => random.Next()).Take(2))
        {
            text.Append(' ').Append(string.Format(CultureInfo.InvariantCulture, filler, slots));
        }

        var agenda = Vocabulary.OrderBy(_ => random.Next()).Take(12);
        text.Append(CultureInfo.InvariantCulture, $" {speaker} also said the budget covers {string.Join(", ", agenda)}.");
        text.Append(CultureInfo.InvariantCulture, $" (Dispatch {item}, desk {random.Next(100_000)}.)");
        var title = threat ? $"{official.Name} issues warning over {slots[1]}" : $"{official.Name} on {slots[3]}";
        return (title, text.ToString());
    }
}

public sealed record GeneratedFeeds(IReadOnlyList<string> Files, int Items, int Threats);
