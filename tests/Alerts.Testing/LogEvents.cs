using System.Reflection;
using System.Text.RegularExpressions;
using Alerts.Local;
using Microsoft.Extensions.Logging;

namespace Alerts.Testing;

/// <summary>One source-generated log line: its <c>[LoggerMessage]</c> and where it is declared.</summary>
public sealed record LogEvent(int Id, string Name, LogLevel Level, string Message, string Owner, string DeclaringClass, string Method);

/// <summary>
/// The log lines of an assembly as their <c>[LoggerMessage]</c> attributes declare them, the id range each
/// folder (or project) owns, and the table of docs/operations.md that lists them for the operator.
/// </summary>
public static partial class LogEvents
{
    /// <summary>The first id of each owner's range of 100; an owner is a folder of Alerts.Core or a project.</summary>
    public static IReadOnlyDictionary<string, int> RangeStarts { get; } = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["Sources"] = 1000, ["Statements"] = 1100, ["Threats"] = 1200, ["Subscriptions"] = 1300, ["Delivery"] = 1400,
        ["Email"] = 1500, ["Officials"] = 1600, ["Archive"] = 1700, ["Pipeline"] = 1800, ["Storage"] = 1900,
        ["Translation"] = 2000, ["Feedback"] = 2100, ["Alerts.Functions"] = 3000, ["Alerts.Local"] = 4000, ["Alerts.Cli"] = 5000,
    };

    public const int RangeSize = 100;

    public static IReadOnlyList<LogEvent> In(Assembly assembly) =>
    [
        .. assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(m => m.Attribute is not null)
            .Select(m => new LogEvent(
                m.Attribute!.EventId,
                m.Attribute.EventName ?? m.Method.Name,
                m.Attribute.Level,
                m.Attribute.Message,
                OwnerOf(m.Method.DeclaringType!),
                m.Method.DeclaringType!.Name,
                m.Method.Name))
            .OrderBy(e => e.Id),
    ];

    /// <summary><c>Alerts.Core.Delivery.X</c> belongs to "Delivery"; anything in <c>Alerts.Functions</c> to "Alerts.Functions".</summary>
    public static string OwnerOf(Type type)
    {
        var parts = (type.Namespace ?? "").Split('.');
        return parts.Length >= 3 && parts[1] == "Core" ? parts[2] : string.Join('.', parts.Take(2));
    }

    /// <summary>The class an owner's log lines live in: <c>DeliveryLog</c>, <c>FunctionsLog</c>.</summary>
    public static string ClassOf(string owner) => $"{owner.Replace("Alerts.", "", StringComparison.Ordinal)}Log";

    /// <summary>The rows of docs/operations.md's log event table: id, level and name.</summary>
    public static IReadOnlyDictionary<int, (string Level, string Name)> Documented()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "docs", "operations.md"));
        var rows = new Dictionary<int, (string, string)>();
        foreach (Match row in Row().Matches(text))
        {
            Assert.True(rows.TryAdd(int.Parse(row.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), (row.Groups[2].Value, row.Groups[3].Value)), $"docs/operations.md lists event {row.Groups[1].Value} twice");
        }

        return rows;
    }

    /// <summary>
    /// The conventions every assembly's log lines keep: each in its owner's <c>&lt;Folder&gt;Log</c> class and id range,
    /// no id used twice, and each listed in docs/operations.md with its level and name (and the table lists no id of
    /// these owners that the code lacks).
    /// </summary>
    public static void AssertConventions(params Assembly[] assemblies)
    {
        var events = assemblies.SelectMany(In).ToList();
        Assert.All(events, e =>
        {
            Assert.True(RangeStarts.TryGetValue(e.Owner, out var start), $"{e.DeclaringClass}.{e.Method}: {e.Owner} has no event id range (add one here and in docs/operations.md)");
            Assert.True(e.Id >= start && e.Id < start + RangeSize, $"{e.DeclaringClass}.{e.Method}: event {e.Id} is outside {e.Owner}'s range {start}-{start + RangeSize - 1}");
            Assert.Equal(ClassOf(e.Owner), e.DeclaringClass);
        });

        var reused = events.GroupBy(e => e.Id).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(e => e.Method))}");
        Assert.Empty(reused);
        var names = events.GroupBy(e => e.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key);
        Assert.Empty(names);

        var documented = Documented();
        Assert.All(events, e =>
        {
            Assert.True(documented.TryGetValue(e.Id, out var row), $"docs/operations.md does not list event {e.Id} ({e.Name})");
            Assert.Equal((e.Level.ToString(), e.Name), row);
        });

        var owners = events.Select(e => e.Owner).ToHashSet(StringComparer.Ordinal);
        var ownedRanges = owners.Select(o => RangeStarts[o]).ToList();
        var stale = documented.Keys.Where(id => ownedRanges.Any(s => id >= s && id < s + RangeSize) && events.All(e => e.Id != id));
        Assert.Empty(stale);
    }

    [GeneratedRegex(@"^\| (\d{4}) \| (\w+) \| (\w+) \|", RegexOptions.Multiline)]
    private static partial Regex Row();
}
