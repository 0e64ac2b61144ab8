namespace Alerts.Core.Threats;

/// <summary>
/// Assigns whole groups (pages) to k folds, so two quotes from one article never sit on both sides of a
/// split. Groups are shuffled with the seed and each goes to the fold with the fewest statements so far.
/// </summary>
internal static class GroupedFolds
{
    /// <returns>A fold per item; -1 for items without a group (they are only ever trained on).</returns>
    public static int[] Assign(IReadOnlyList<string?> groups, int folds, int seed)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var sizes = groups.Where(g => g is not null).GroupBy(g => g!, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Group: g.Key, Size: g.Count()))
            .ToArray();
        var random = new Random(seed);
        for (var i = sizes.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (sizes[i], sizes[j]) = (sizes[j], sizes[i]);
        }

        var load = new int[Math.Max(1, folds)];
        var foldOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (group, size) in sizes)
        {
            var target = 0;
            for (var f = 1; f < load.Length; f++)
            {
                if (load[f] < load[target])
                {
                    target = f;
                }
            }

            foldOf[group] = target;
            load[target] += size;
        }

        return groups.Select(g => g is null ? -1 : foldOf[g]).ToArray();
    }

    /// <summary>The number of folds that still leaves each fold a group: at most <paramref name="wanted"/>.</summary>
    public static int Usable(IEnumerable<string?> groups, int wanted) =>
        Math.Min(wanted, groups.Where(g => g is not null).Distinct(StringComparer.Ordinal).Count());
}
