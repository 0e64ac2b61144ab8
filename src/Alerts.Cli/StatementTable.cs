using Alerts.Core.Statements;

namespace Alerts.Cli;

/// <summary>Prints statements as a plain table an analyst can read in a terminal: who, where, how serious, and why.</summary>
internal static class StatementTable
{
    public static async Task WriteAsync(TextWriter output, IReadOnlyList<StoredStatement> statements)
    {
        await output.WriteLineAsync($"{"OFFICIAL",-24} {"SOURCE",-28} {"LEVEL",-9} {"SEV",3}  TITLE / EVIDENCE");
        foreach (var s in statements.OrderByDescending(s => s.Analysis.Severity).ThenBy(s => s.DetectedAt))
        {
            var source = s.Sources.Count > 0 ? s.Sources[0].SourceName : "";
            await output.WriteLineAsync($"{Fit(s.OfficialName, 24),-24} {Fit(source, 28),-28} {s.Analysis.Level.ToString().ToLowerInvariant(),-9} {s.Analysis.Severity,3}  {Fit(s.Title ?? Firstline(s.Text), 70)}");
            foreach (var e in s.Analysis.Evidence)
            {
                await output.WriteLineAsync($"{"",68}  - \"{Fit(e.Text, 60)}\" [{e.Category}; {e.Rule}]");
            }
        }
    }

    private static string Firstline(string text) => text.Split('\n')[0];

    private static string Fit(string value, int width)
    {
        var clean = new string(value.Select(c => char.IsControl(c) ? ' ' : c).ToArray());
        return clean.Length <= width ? clean : clean[..(width - 1)] + "\u2026";
    }
}
