using System.Globalization;
using Alerts.Core.Feedback;
using Alerts.Core.Threats;

namespace Alerts.Cli.Commands;

/// <summary>The part of <c>eval --feedback EXPORT.jsonl</c> that compares the judge with subscribers' feedback.</summary>
internal static class FeedbackSection
{
    /// <summary>Prints the section; returns the number of unreadable lines.</summary>
    public static async Task<int> WriteAsync(CliConsole console, string file, IThreatAnalyzer analyzer, CancellationToken cancellationToken)
    {
        if (!File.Exists(file))
        {
            await console.Error.WriteLineAsync($"eval: feedback file '{file}' does not exist.");
            return 1;
        }

        var lines = new List<FeedbackExportLine>();
        var bad = 0;
        foreach (var text in await File.ReadAllLinesAsync(file, cancellationToken))
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            if (FeedbackExportLine.FromJson(text) is { } line)
            {
                lines.Add(line);
            }
            else
            {
                bad++;
            }
        }

        var a = FeedbackAgreement.Measure(lines, analyzer);
        var output = console.Out;
        await output.WriteLineAsync();
        await output.WriteLineAsync(Invariant($"agreement with subscriber feedback ({file}): {a.Verdicts} verdicts, {a.Missed} missed-statement reports"));
        await output.WriteLineAsync(Invariant($"  useful {a.Useful}, not a threat {a.NotAThreat}, wrong category {a.WrongCategory}"));
        await output.WriteLineAsync(Invariant($"  judge at alert time agrees: {a.AgreeAtAlert}/{a.Useful + a.NotAThreat} ({a.AtAlertRate * 100:0}%)"));
        await output.WriteLineAsync(Invariant($"  current analyser agrees:    {a.AgreeNow}/{a.Judged} ({a.NowRate * 100:0}%)"));
        await output.WriteLineAsync(Invariant($"  missed statements it now calls threats: {a.MissedCaughtNow}/{a.Missed}"));
        if (bad > 0)
        {
            await console.Error.WriteLineAsync(Invariant($"eval: {bad} feedback line(s) could not be read."));
        }

        return bad;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
