using System.Text.Json;
using Alerts.Cli;
using Alerts.Cli.Commands;
using Alerts.Core.Feedback;
using Alerts.Core.Statements;
using Alerts.Core.IntegrationTests.Delivery;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Core.IntegrationTests.Subscriptions;

/// <summary><c>feedback list|export</c> and <c>eval --feedback</c> over real Azurite: exported for review, never into training.</summary>
[Collection(AzuriteSuite.Name)]
public sealed class FeedbackCommands_Azurite(DeliveryFixture fixture) : IClassFixture<DeliveryFixture>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("feedback-cli-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task<(int Code, string Out, string Error)> Run(Func<CliConsole, Task<int>> command)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await command(new CliConsole(TextReader.Null, output, error));
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task ListsExportsForReviewAndEvalReportsAgreementWithTheJudge()
    {
        fixture.RequireSendGrid();
        await using var services = fixture.Build();
        var feedback = services.GetRequiredService<FeedbackStore>();
        var statements = services.GetRequiredService<StatementStore>();
        var official = TestData.Unique("official");
        var right = TestData.Statement(official, "Defence Minister", DateTimeOffset.UtcNow);
        var wrong = TestData.Statement(official, "Defence Minister", DateTimeOffset.UtcNow, "The minister said the team would crush it at the cricket final.");
        wrong = wrong with { Analysis = right.Analysis };
        await statements.TryAddAsync(right, Ct);
        await statements.TryAddAsync(wrong, Ct);
        await feedback.RecordVerdictAsync(right, "sub-a", FeedbackVerdict.Useful, Ct);
        await feedback.RecordVerdictAsync(wrong, "sub-a", FeedbackVerdict.NotAThreat, Ct);
        await feedback.RecordVerdictAsync(wrong, "sub-a", FeedbackVerdict.NotAThreat, Ct);
        await feedback.RecordVerdictAsync(right, "sub-b", FeedbackVerdict.WrongCategory, Ct);
        await feedback.RecordMissedAsync(official, "sub-b", "He vowed to wipe the rebels off the map: https://news.example.org/x", Ct);

        var listed = await Run(c => FeedbackCommand.RunAsync(["list"], c, services, Ct));
        var file = Path.Combine(_folder, "review.jsonl");
        var exported = await Run(c => FeedbackCommand.RunAsync(["export", "--out", file], c, services, Ct));

        Assert.Equal(0, listed.Code);
        Assert.Contains(right.Id, listed.Out, StringComparison.Ordinal);
        Assert.Contains("not-a-threat", listed.Out, StringComparison.Ordinal);
        Assert.Contains("4 feedback entries.", listed.Out, StringComparison.Ordinal);
        Assert.Equal(0, exported.Code);
        var lines = (await File.ReadAllLinesAsync(file, Ct)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(4, lines.Count);
        Assert.All(lines, l => Assert.Equal("pending", l.GetProperty("review").GetString()));
        var notAThreat = Assert.Single(lines, l => l.GetProperty("feedback").GetString() == "not-a-threat");
        Assert.Equal(wrong.Text, notAThreat.GetProperty("text").GetString());
        Assert.Equal("none", notAThreat.GetProperty("suggested_label").GetString());
        Assert.True(notAThreat.GetProperty("judge_threat").GetBoolean());
        Assert.Equal("threat", Assert.Single(lines, l => l.GetProperty("kind").GetString() == "missed").GetProperty("suggested_label").GetString());

        var labelled = Path.Combine(_folder, "labelled.jsonl");
        await File.WriteAllLinesAsync(labelled, ["{\"id\":\"a\",\"text\":\"They will pay a heavy price.\",\"label\":\"threat\"}"], Ct);
        var (code, output, _) = await Run(c => new EvalCommand().RunAsync([labelled, "--feedback", file], c, Ct));

        Assert.Equal(0, code);
        Assert.Contains("agreement with subscriber feedback", output, StringComparison.Ordinal);
        Assert.Contains("3 verdicts, 1 missed-statement reports", output, StringComparison.Ordinal);
        Assert.Contains("judge at alert time agrees: 1/2 (50%)", output, StringComparison.Ordinal);
    }
}
