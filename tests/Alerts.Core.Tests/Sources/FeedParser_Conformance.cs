using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Alerts.Core.Sources;

namespace Alerts.Core.Tests.Sources;

/// <summary>
/// Runs feedparser's own test suite (<c>../shared/fixtures/feedparser-tests</c>, read in place) through
/// <see cref="FeedParser"/> as <c>feed FILE</c> does (bytes, no document URL). Files named <c>http_*</c> are left
/// out: they expect HTTP headers a file on disk does not carry. Which expectations are mapped, and which are
/// deliberately not, is written on <see cref="FeedparserExpectation"/>.
/// </summary>
public sealed partial class FeedParser_Conformance
{
    private static readonly TimeSpan PerFeedBudget = TimeSpan.FromSeconds(10);

    /// <summary>Well-formed feeds refused on purpose, and why.</summary>
    private static readonly Dictionary<string, string> DeliberatelyRefused = new(StringComparer.Ordinal)
    {
        // Its item uses an entity its DOCTYPE declares; DTDs are never processed (XXE, billion laughs).
        ["wellformed/rss/entity_in_doctype.xml"] = "entities from a DTD",

        // Microsoft's Channel Definition Format (1997), not a feed format any publisher we read uses.
        ["wellformed/base/cdf_item_abstract_xml_base.xml"] = "CDF, not RSS or Atom",
    };


    [Fact]
    public void MeetsEveryFirstEntryExpectationOfFeedparsersSuiteThatMapsOntoAFeedItem()
    {
        var failures = new List<string>();
        var met = 0;
        foreach (var file in SuiteFiles())
        {
            var expectations = FeedparserExpectation.FromExpectLine(ExpectLine(file));
            if (expectations.Count == 0)
            {
                continue;
            }

            var outcome = Run(file);
            var entryHasContent = HasContent().IsMatch(Comments().Replace(File.ReadAllText(file, Encoding.Latin1), ""))
                || expectations.Any(e => e.Field == "content.value");
            foreach (var expectation in expectations.Where(e => !(entryHasContent && e.Field is "summary" or "description" or "summary_detail.value")))
            {
                var actual = outcome.Items is { Count: > 0 } items ? Actual(items[0], expectation.Field) : $"<{outcome.Describe()}>";
                var expected = expectation.Field == "published_parsed" ? FeedparserExpectation.TupleToUtc(expectation.Expected) : expectation.ExpectedAsReaderYields();
                if (string.Equals(actual, expected, StringComparison.Ordinal) || (expectation.Field == "link" && SameUri(actual, expected)))
                {
                    met++;
                }
                else
                {
                    failures.Add($"{Relative(file)}: {expectation.Field} expected [{expected}] but was [{actual}]");
                }
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"first-entry expectations met: {met} of {met + failures.Count}");
        Assert.True(met > 0, "no expectation was mapped: the suite's Expect lines were not read");
        Assert.True(failures.Count == 0, $"{failures.Count} of {met + failures.Count} mapped first-entry expectations not met:\n" + string.Join("\n", failures));
    }

    [Fact]
    public void YieldsTheEntriesOfEveryWellFormedFeedInFeedparsersSuiteWithoutRefusalCrashOrHang()
    {
        var failures = new List<string>();
        var withEntries = 0;
        var files = SuiteFiles().Where(f => f.Contains($"{Path.DirectorySeparatorChar}wellformed{Path.DirectorySeparatorChar}", StringComparison.Ordinal)).ToList();
        foreach (var file in files)
        {
            if (DeliberatelyRefused.ContainsKey(Relative(file).Replace('\\', '/')))
            {
                continue;
            }

            var outcome = Run(file);
            var entries = CountEntries(File.ReadAllText(file, Encoding.Latin1));
            withEntries += entries > 0 ? 1 : 0;
            if (outcome.Items is null)
            {
                failures.Add($"{Relative(file)}: {outcome.Describe()}");
            }
            else if (entries > 0 && outcome.Items.Count == 0)
            {
                failures.Add($"{Relative(file)}: {entries} entries in the document, none yielded");
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"well-formed feeds: {files.Count}, with entries: {withEntries}, failing: {failures.Count}");
        Assert.True(failures.Count == 0, $"{failures.Count} of {files.Count} well-formed feeds refused, crashed, hung or lost their entries:\n" + string.Join("\n", failures));
    }

    [Fact]
    public void ReadsOrRefusesEveryIllFormedFeedOfFeedparsersSuiteWithAReasonAndWithinBoundedTime()
    {
        var failures = new List<string>();
        foreach (var file in SuiteFiles().Where(f => f.Contains($"{Path.DirectorySeparatorChar}illformed{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var outcome = Run(file);
            if (outcome.Crash is not null || outcome.TimedOut || (outcome.Refusal is not null && outcome.Refusal.Contains('\n', StringComparison.Ordinal)))
            {
                failures.Add($"{Relative(file)}: {outcome.Describe()}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static string Actual(FeedItem item, string field) => field switch
    {
        "title" or "title_detail.value" => FeedparserExpectation.Collapse(item.Title),
        "link" => item.Link ?? "",
        "id" => item.Id,
        "published_parsed" => item.Published?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "",
        _ => FeedparserExpectation.Collapse(item.Text),
    };

    /// <summary>Links compare as URIs: the reader yields normalised absolute URIs (host in lower case).</summary>
    private static bool SameUri(string actual, string expected) =>
        Uri.TryCreate(actual, UriKind.Absolute, out var a) && Uri.TryCreate(expected, UriKind.Absolute, out var e) && a == e;

    private static Outcome Run(string file)
    {
        var bytes = File.ReadAllBytes(file);
        var task = Task.Run(() => new FeedParser().Parse(bytes));
        try
        {
            if (!task.Wait(PerFeedBudget, TestContext.Current.CancellationToken))
            {
                return new Outcome(null, null, null, TimedOut: true);
            }

            return new Outcome(task.Result, null, null, false);
        }
        catch (AggregateException ex) when (ex.InnerException is FeedFormatException refusal)
        {
            return new Outcome(null, refusal.Message, null, false);
        }
        catch (AggregateException ex)
        {
            return new Outcome(null, null, ex.InnerException ?? ex, false);
        }
    }

    private static IEnumerable<string> SuiteFiles()
    {
        var root = SharedFixtures.Require("feedparser-tests");
        return Directory.EnumerateFiles(root, "*.xml", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).StartsWith("http_", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
    }

    private static string ExpectLine(string file)
    {
        foreach (var line in File.ReadLines(file).Take(12))
        {
            var at = line.IndexOf("Expect:", StringComparison.Ordinal);
            if (at >= 0)
            {
                return line[(at + 7)..].Trim();
            }
        }

        return "";
    }

    /// <summary>Entries counted on the raw text, independently of the parser, after the header comment.</summary>
    private static int CountEntries(string raw) => EntryStart().Count(Comments().Replace(raw, ""));

    private static string Relative(string file) => Path.GetRelativePath(SharedFixtures.Require("feedparser-tests"), file);

    [GeneratedRegex(@"<(?:[A-Za-z0-9_]+:)?(?:item|entry)[\s>/]")]
    private static partial Regex EntryStart();

    // The body the reader yields is the fullest one: feedparser's content when the entry has any.
    [GeneratedRegex(@"<(?:[A-Za-z0-9_]+:)?(?:content|encoded|body|fullitem)[\s>/]", RegexOptions.CultureInvariant)]
    private static partial Regex HasContent();

    [GeneratedRegex(@"<!--.*?-->|<!\[CDATA\[.*?\]\]>", RegexOptions.Singleline)]
    private static partial Regex Comments();

    private sealed record Outcome(IReadOnlyList<FeedItem>? Items, string? Refusal, Exception? Crash, bool TimedOut)
    {
        public string Describe() =>
            TimedOut ? "hung past the time budget"
            : Crash is not null ? $"crashed: {Crash.GetType().Name}: {Crash.Message}"
            : Refusal is not null ? $"refused: {Refusal}"
            : $"{Items?.Count ?? 0} entries";
    }
}
