using Alerts.Core.Pipeline;
using Alerts.Core.Statements;
using Alerts.Core.Storage;
using Alerts.Core.Threats;
using Alerts.Local.Pipeline;
using Azure.Core;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Alerts.Core.IntegrationTests.Statements;

[Collection(AzuriteSuite.Name)]
public sealed class NearDuplicateIndex_Azurite(AzuriteFixture azurite)
{
    private const string Quote = "We will no longer tolerate your mockery and betrayal. Every terrorist attack inside Pakistan will come at a heavy price.";

    /// <summary>The same quote as another outlet prints it: other punctuation, "terror" for "terrorist".</summary>
    private const string Reworded = "We will no longer tolerate your mockery and betrayal! Every terror attack inside Pakistan will come at a heavy price";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 10, 29, 16, 0, 0, TimeSpan.Zero));

    private async Task<NearDuplicateIndex> IndexAsync(StorageRequestCounter? counter = null)
    {
        var clients = new StorageClients(
            new StorageOptions { ConnectionString = azurite.ConnectionString },
            options => { if (counter is not null) { options.AddPolicy(counter, HttpPipelinePosition.PerRetry); } });
        foreach (var table in Configuration.AlertsNames.Tables.SourceItemsShards)
        {
            await clients.Table(table).CreateIfNotExistsAsync(TestContext.Current.CancellationToken);
        }

        return new NearDuplicateIndex(clients, _time, NullLogger<NearDuplicateIndex>.Instance);
    }

    [Fact]
    public async Task ResolvesAReworkedQuoteToTheStatementFirstSeen()
    {
        var index = await IndexAsync();

        var first = await index.ResolveAsync("nd-a", Quote, TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromMinutes(30));
        var second = await index.ResolveAsync("nd-a", Reworded, TestContext.Current.CancellationToken);

        Assert.Equal(StatementKey.Compute("nd-a", Quote), first);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task KeepsADifferentStatementAndAnotherOfficialsWordsApart()
    {
        var index = await IndexAsync();
        const string other = "Pakistan entered the talks in Istanbul at the request of neighbouring countries and the Taliban's own pleading.";

        var first = await index.ResolveAsync("nd-b", Quote, TestContext.Current.CancellationToken);
        var different = await index.ResolveAsync("nd-b", other, TestContext.Current.CancellationToken);
        var otherOfficial = await index.ResolveAsync("nd-c", Quote, TestContext.Current.CancellationToken);

        Assert.NotEqual(first, different);
        Assert.Equal(StatementKey.Compute("nd-b", other), different);
        Assert.Equal(StatementKey.Compute("nd-c", Quote), otherOfficial);
    }

    [Fact]
    public async Task ForgetsStatementsOlderThanTheWindow()
    {
        var index = await IndexAsync();
        const string reworded = "We will not tolerate your mockery and betrayal any longer. Every terrorist attack inside Pakistan will come at a heavy price.";

        await index.ResolveAsync("nd-d", Quote, TestContext.Current.CancellationToken);
        _time.Advance(NearDuplicateIndex.Window + TimeSpan.FromDays(1));
        var later = await index.ResolveAsync("nd-d", reworded, TestContext.Current.CancellationToken);

        Assert.Equal(StatementKey.Compute("nd-d", reworded), later);
        // The stale claims were pruned on the way: every row left is the new statement's.
        Assert.All(await RowsAsync(NearDuplicateIndex.TableFor("nd-d"), "nd-d"), r => Assert.Equal(later, r.GetString("StatementId")));
    }

    [Fact]
    public async Task ATimelineRowRidesInTheClaimAndOutlivesThePruneOfTheClaims()
    {
        var ct = TestContext.Current.CancellationToken;
        var counter = new StorageRequestCounter();
        var index = await IndexAsync(counter);
        const string official = "nd-timeline";
        var routine = ThreatAnalysis.None("test", "en");
        var detected = _time.GetUtcNow();
        TableEntity Row(string id) => StatementTimeline.RowFor(official, id, detected, routine);

        counter.Reset();
        var first = await index.LookupAsync(official, Quote, Row, ct);
        Assert.True(first.RideAlongWritten);
        Assert.Equal(2, counter.Total);

        // Known words write nothing more, and the timeline row is not mistaken for a claim.
        var again = await index.LookupAsync(official, Reworded, Row, ct);
        Assert.Equal(first.StatementId, again.StatementId);
        Assert.False(again.RideAlongWritten);

        _time.Advance(NearDuplicateIndex.Window + TimeSpan.FromDays(1));
        await index.PruneAsync(official, ct);

        var left = await RowsAsync(NearDuplicateIndex.TableFor(official), official);
        var kept = Assert.Single(left);
        Assert.Equal(StatementTimeline.RowKeyFor(detected, first.StatementId), kept.RowKey);
    }

    [Fact]
    public async Task OutletsRacingWithTheSameWordsAllSettleOnOneStatement()
    {
        var ct = TestContext.Current.CancellationToken;
        var index = await IndexAsync();
        string[] versions =
        [
            Quote,
            Reworded,
            "\"We will no longer tolerate your mockery and betrayal. Every terrorist attack inside Pakistan will come at a heavy price.\"",
            "We will no longer tolerate your mockery and betrayal. Every terrorist attack inside Pakistan will come at a heavy price!",
        ];

        for (var attempt = 0; attempt < 5; attempt++)
        {
            var official = "nd-race-" + attempt;
            var resolved = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() => index.ResolveAsync(official, versions[i % versions.Length], ct), ct)));

            Assert.Single(resolved.Distinct(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task LeavesAKeyToADifferentStatementThatTookItAndStillClaimsTheRest()
    {
        var ct = TestContext.Current.CancellationToken;
        var counter = new StorageRequestCounter();
        var index = await IndexAsync(counter);
        const string official = "nd-collide";
        const string unrelated = "The budget for road maintenance in the northern districts was approved by the cabinet this morning.";

        // An unrelated statement that took one of the quote's keys (as a 16-bit SimHash band does by chance).
        var quoteKeys = NearDuplicateBands.For(Quote, NearDuplicateFingerprint.Of(Quote));
        var squatter = NearDuplicateIndex.RowsFor(official, StatementKey.Compute(official, unrelated), NearDuplicateFingerprint.Of(unrelated), [quoteKeys[0]], _time.GetUtcNow());
        await new TableClient(azurite.ConnectionString, NearDuplicateIndex.TableFor(official)).AddEntityAsync(squatter[0], ct);

        counter.Reset();
        var first = await index.LookupAsync(official, Quote, rideAlong: null, ct);
        var requests = counter.Total;
        _time.Advance(TimeSpan.FromMinutes(10));
        var second = await index.ResolveAsync(official, Reworded, ct);

        Assert.Equal(StatementKey.Compute(official, Quote), first.StatementId);
        Assert.Equal(1, first.RowsRead);
        Assert.Equal(2, requests);
        Assert.Equal(first.StatementId, second);
        var rows = await RowsAsync(NearDuplicateIndex.TableFor(official), official);
        Assert.Equal(StatementKey.Compute(official, unrelated), rows.Single(r => r.RowKey == quoteKeys[0]).GetString("StatementId"));
        Assert.Equal(quoteKeys.Count, rows.Count);
    }

    [Fact]
    public async Task ReadsAsFewRowsWithAsFewRequestsWhenTheOfficialHasTenThousandRowsAsWhenItHasTen()
    {
        var ct = TestContext.Current.CancellationToken;
        var counter = new StorageRequestCounter();
        var index = await IndexAsync(counter);

        var figures = new List<(int Requests, int RowsRead, string Resolved)>();
        foreach (var (official, rows) in new[] { ("nd-ten", 10), ("nd-ten-thousand", 10_000) })
        {
            // The official's earlier statements, written straight into the index a hundred rows per transaction.
            var table = new TableClient(azurite.ConnectionString, NearDuplicateIndex.TableFor(official));
            var earlier = _time.GetUtcNow() - TimeSpan.FromDays(3);
            var filler = UnrelatedStatements(official).SelectMany(s => NearDuplicateIndex.RowsFor(official, StatementKey.Compute(official, s), NearDuplicateFingerprint.Of(s), NearDuplicateBands.For(s, NearDuplicateFingerprint.Of(s)), earlier))
                .DistinctBy(r => r.RowKey, StringComparer.Ordinal).Take(rows).ToList();
            Assert.Equal(rows, filler.Count);
            foreach (var chunk in filler.Chunk(100))
            {
                await table.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r)), ct);
            }

            var first = await index.ResolveAsync(official, Quote, ct);
            _time.Advance(TimeSpan.FromMinutes(5));
            counter.Reset();
            var lookup = await index.LookupAsync(official, Reworded, rideAlong: null, ct);

            Assert.Equal(first, lookup.StatementId);
            figures.Add(((int)counter.Total, lookup.RowsRead, lookup.StatementId));
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"10 rows: {figures[0].Requests} requests, {figures[0].RowsRead} rows read; 10,000 rows: {figures[1].Requests} requests, {figures[1].RowsRead} rows read");
        // One query: the reworded quote's keys are held by the quote, so there is nothing to claim.
        Assert.Equal(1, figures[0].Requests);
        Assert.Equal(figures[0].Requests, figures[1].Requests);
        Assert.Equal(figures[0].RowsRead, figures[1].RowsRead);
        Assert.InRange(figures[1].RowsRead, 1, NearDuplicateBands.MaxKeys);
    }

    [Fact]
    public async Task KeepsEachOfficialsRowsInTheTableItsIdHashesTo()
    {
        var ct = TestContext.Current.CancellationToken;
        var index = await IndexAsync();
        var (a, b) = TwoOfficialsInDifferentTables();

        await index.ResolveAsync(a, Quote, ct);
        await index.ResolveAsync(b, Quote, ct);

        Assert.NotEmpty(await RowsAsync(NearDuplicateIndex.TableFor(a), a));
        Assert.NotEmpty(await RowsAsync(NearDuplicateIndex.TableFor(b), b));
        Assert.Empty(await RowsAsync(NearDuplicateIndex.TableFor(b), a));
        Assert.Empty(await RowsAsync(NearDuplicateIndex.TableFor(a), b));
        // The hash is part of the stored layout: a change would leave every official's last 14 days in the wrong table.
        Assert.Equal("sourceitems00", NearDuplicateIndex.TableFor("nd-a"));
        Assert.Equal(16, Configuration.AlertsNames.Tables.SourceItemsShards.Distinct().Count());
    }

    [Fact]
    public async Task ALookupReadsOnlyItsOwnOfficialsTable()
    {
        var ct = TestContext.Current.CancellationToken;
        var index = await IndexAsync();
        var (a, b) = TwoOfficialsInDifferentTables();

        // The official's earlier claim of the quote, written into another official's table: the lookup must not see it.
        var fingerprint = NearDuplicateFingerprint.Of(Quote);
        var misplaced = NearDuplicateIndex.RowsFor(a, StatementKey.Compute(a, Quote), fingerprint, NearDuplicateBands.For(Quote, fingerprint), _time.GetUtcNow() - TimeSpan.FromHours(1));
        await new TableClient(azurite.ConnectionString, NearDuplicateIndex.TableFor(b))
            .SubmitTransactionAsync(misplaced.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r)), ct);

        var lookup = await index.LookupAsync(a, Reworded, rideAlong: null, ct);

        Assert.Equal(StatementKey.Compute(a, Reworded), lookup.StatementId);
        Assert.Equal(0, lookup.RowsRead);
    }

    private static (string A, string B) TwoOfficialsInDifferentTables()
    {
        const string a = "nd-a";
        var b = Enumerable.Range(0, 100).Select(i => "nd-shard-" + i).First(id => NearDuplicateIndex.TableFor(id) != NearDuplicateIndex.TableFor(a));
        return (a, b);
    }

    private async Task<List<TableEntity>> RowsAsync(string table, string official)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in new TableClient(azurite.ConnectionString, table).QueryAsync<TableEntity>(e => e.PartitionKey == NearDuplicateIndex.PartitionFor(official), cancellationToken: TestContext.Current.CancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>
    /// Statements in the official's usual vocabulary, none of them the quote: many share words, none is the same
    /// statement. (Keys are hashes: a 16-bit SimHash band of an unrelated statement equals one of the probe's with
    /// probability 4 in 65,536, so a partition of n statements adds about n / 16,000 rows to a lookup on average;
    /// this fixed population draws none.)
    /// </summary>
    private static IEnumerable<string> UnrelatedStatements(string official)
    {
        string[] vocabulary =
        [
            "the", "government", "will", "continue", "talks", "with", "our", "neighbours", "on", "trade", "and", "security",
            "budget", "next", "year", "ministry", "announced", "new", "measures", "for", "farmers", "pakistan", "border",
            "water", "energy", "prices", "parliament", "session", "committee", "report", "schools", "roads", "health",
            "investment", "province", "elections", "court", "decision", "welcome", "visit", "delegation", "agreement",
        ];
        var random = new Random(official.Length * 7907);
        for (var i = 0; ; i++)
        {
            var length = random.Next(12, 40);
            yield return $"Statement {i}: " + string.Join(' ', Enumerable.Range(0, length).Select(_ => vocabulary[random.Next(vocabulary.Length)])) + ".";
        }
    }
}
