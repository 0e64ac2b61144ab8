using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Alerts.Core.Threats;

/// <summary>Labelled statements read from JSONL files, the lines that failed, and the data version.</summary>
/// <remarks><see cref="Unverified"/> counts the lines left out because a later search found neither their words nor their page.</remarks>
public sealed record ThreatCorpusData(IReadOnlyList<LabelledStatement> Statements, IReadOnlyList<string> Problems, IReadOnlyList<string> Files, string DataVersion, int Duplicates, int Unverified = 0);

/// <summary>
/// Reads labelled statements in the dev-set's format (<c>id, text, label, category, source_url, hard_case,
/// origin</c>) from files or globs. A statement counts as real when its <c>origin</c> is <c>real</c>, or,
/// without an <c>origin</c>, when it names the page it came from. The same text twice is kept once, so a
/// quote can never be in a training fold and a test fold at the same time. A line whose <c>verified</c> is
/// <c>notfound</c> or <c>paraphrase</c> is left out: a re-search of the stored pages found neither its page nor
/// its words (or only other words), so it is not evidence of something an official said, and neither trains nor
/// measures the judge. It stays in its file, marked, so the corpus keeps a record of what was collected.
/// </summary>
public static class ThreatCorpus
{
    /// <summary>Whether a line with this <c>verified</c> value is left out of training and of every figure.</summary>
    public static bool IsLeftOut(string? verified) => verified is "notfound" or "paraphrase";

    /// <summary>Files named directly, or matched by a <c>*</c>/<c>?</c> pattern in the file-name part; sorted, distinct.</summary>
    public static IReadOnlyList<string> Expand(IEnumerable<string> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        var files = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var pattern in patterns)
        {
            var name = Path.GetFileName(pattern);
            if (name.Contains('*', StringComparison.Ordinal) || name.Contains('?', StringComparison.Ordinal))
            {
                var folder = Path.GetDirectoryName(pattern);
                folder = string.IsNullOrEmpty(folder) ? "." : folder;
                if (Directory.Exists(folder))
                {
                    foreach (var file in Directory.EnumerateFiles(folder, name))
                    {
                        files.Add(Path.GetFullPath(file));
                    }
                }
            }
            else
            {
                files.Add(Path.GetFullPath(pattern));
            }
        }

        return [.. files];
    }

    public static ThreatCorpusData Load(IReadOnlyList<string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var statements = new List<LabelledStatement>();
        var problems = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var duplicates = 0;
        var unverified = 0;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files.OrderBy(Path.GetFileName, StringComparer.Ordinal).ThenBy(f => f, StringComparer.Ordinal))
        {
            var bytes = File.ReadAllBytes(file);
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(file) + "\0"));
            hash.AppendData(bytes);
            var lineNumber = 0;
            foreach (var line in Encoding.UTF8.GetString(bytes).Split('\n'))
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                if (!TryParse(line, out var statement, out var problem, out var verified))
                {
                    problems.Add($"{file}: line {lineNumber}: {problem}");
                    continue;
                }

                if (IsLeftOut(verified))
                {
                    unverified++;
                    continue;
                }

                if (!seen.Add(Normalise(statement.Text)))
                {
                    duplicates++;
                    continue;
                }

                statements.Add(statement);
            }
        }

        return new ThreatCorpusData(statements, problems, files, Convert.ToHexStringLower(hash.GetHashAndReset())[..12], duplicates, unverified);
    }

    public static bool TryParse(string line, out LabelledStatement statement, out string problem) =>
        TryParse(line, out statement, out problem, out _);

    /// <summary>As <see cref="TryParse(string, out LabelledStatement, out string)"/>, also giving the line's <c>verified</c> field, from the same parse.</summary>
    private static bool TryParse(string line, out LabelledStatement statement, out string problem, out string? verified)
    {
        verified = null;
        statement = new LabelledStatement(string.Empty, string.Empty, false, null);
        problem = string.Empty;
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            string? Text(string name) =>
                root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
            var id = Text("id");
            var text = Text("text");
            var label = Text("label");
            if (id is null || text is null || label is not ("threat" or "none"))
            {
                problem = "needs string \"id\", \"text\" and \"label\" of \"threat\" or \"none\".";
                return false;
            }

            var url = Text("source_url");
            var origin = Text("origin");
            var real = origin is null ? !string.IsNullOrWhiteSpace(url) : string.Equals(origin, "real", StringComparison.OrdinalIgnoreCase);
            statement = new LabelledStatement(id, text, label == "threat", Text("category"), Text("official"), url, Text("hard_case"), real);
            verified = Text("verified");
            return true;
        }
        catch (JsonException e)
        {
            problem = $"not valid JSON ({e.Message})";
            return false;
        }
    }

    /// <summary>The page a statement came from, for grouping folds: scheme, query, fragment and AMP paths do not make another page.</summary>
    public static string GroupOf(LabelledStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        if (string.IsNullOrWhiteSpace(statement.SourceUrl))
        {
            return "id:" + statement.Id;
        }

        var url = statement.SourceUrl.Trim().ToLowerInvariant();
        var cut = url.IndexOfAny(['?', '#']);
        if (cut >= 0)
        {
            url = url[..cut];
        }

        url = url.Replace("https://", string.Empty, StringComparison.Ordinal).Replace("http://", string.Empty, StringComparison.Ordinal)
            .Replace("www.", string.Empty, StringComparison.Ordinal).Replace("/amp/", "/", StringComparison.Ordinal).TrimEnd('/');
        if (url.EndsWith("/amp", StringComparison.Ordinal))
        {
            url = url[..^4];
        }

        return url;
    }

    private static string Normalise(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }
}
