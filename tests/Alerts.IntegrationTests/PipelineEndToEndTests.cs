using Alerts.Core.Statements;
using Alerts.Core.Threats;

namespace Alerts.IntegrationTests;

[Collection(AzuriteSuite.Name)]
public sealed class PipelineEndToEndTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task SeedArticleBecomesAThreatWithEvidenceAndOneEmail_AndASecondCycleSendsNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await PipelineHarness.CreateAsync(azurite.ConnectionString);
        await harness.SeedAsync();

        await harness.RunCycleAsync();

        var statements = new List<StoredStatement>();
        await foreach (var s in harness.Get<StatementStore>().ListAsync(null, ct))
        {
            statements.Add(s);
        }

        var threat = Assert.Single(statements, s => s.Analysis.Threat);
        Assert.Equal("Khawaja Muhammad Asif", threat.OfficialName);
        Assert.True(threat.Analysis.Level >= ThreatLevel.High, $"level was {threat.Analysis.Level}");
        Assert.Contains(threat.Analysis.Evidence, e => e.Text.Contains("crushing", StringComparison.OrdinalIgnoreCase));
        Assert.All(threat.Analysis.Evidence, e => Assert.Equal(e.Text, threat.Text[e.Start..e.End]));
        var email = Assert.Single(harness.OutboxEmails());
        var eml = await File.ReadAllTextAsync(email, ct);
        Assert.Contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click", eml, StringComparison.Ordinal);
        Assert.Contains("text/html", eml, StringComparison.Ordinal);
        Assert.Contains("text/plain", eml, StringComparison.Ordinal);

        var statementsBefore = statements.Count;
        File.Delete(email);
        await harness.RunCycleAsync();

        Assert.Empty(harness.OutboxEmails());
        var after = 0;
        await foreach (var _ in harness.Get<StatementStore>().ListAsync(null, ct))
        {
            after++;
        }

        Assert.Equal(statementsBefore, after);
    }

    [Fact]
    public async Task RoutinePressLineIsStoredButRaisesNoAlert()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await PipelineHarness.CreateAsync(azurite.ConnectionString);
        await harness.SeedAsync();
        await harness.RunCycleAsync();

        var routine = new List<StoredStatement>();
        await foreach (var s in harness.Get<StatementStore>().ListAsync(null, ct))
        {
            if (s.Title?.Contains("delegation", StringComparison.Ordinal) == true)
            {
                routine.Add(s);
            }
        }

        var statement = Assert.Single(routine);
        Assert.False(statement.Analysis.Threat);
        Assert.NotNull(statement.DeliveriesQueuedAt);
    }
}
