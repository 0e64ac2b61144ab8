using System.Text.RegularExpressions;
using Alerts.Core.Statements;

namespace Alerts.Core.Tests.Statements;

public sealed partial class NearDuplicateIndex_HoldersFilter
{
    [Fact]
    public void NamesEveryKeyOfALongStatementWithinAzuresFifteenComparisons()
    {
        // Twelve sentences of five words or more: more sentences than the keys keep.
        var text = string.Join(" ", Enumerable.Range(0, 12).Select(i => $"The minister said that plan number {i} will go ahead soon."));
        var keys = NearDuplicateBands.For(text, NearDuplicateFingerprint.Of(text));

        var filter = NearDuplicateIndex.HoldersFilter("official-1", keys);

        Assert.Equal(NearDuplicateBands.MaxKeys, keys.Count);
        Assert.True(Comparisons().Count(filter) <= 15, filter);
        Assert.All(keys, k => Assert.Contains($"RowKey eq '{k}'", filter, StringComparison.Ordinal));
        Assert.StartsWith("PartitionKey eq 'neardup|official-1' and (", filter, StringComparison.Ordinal);
    }

    [Fact]
    public void RefusesMoreKeysThanOneFilterCanName()
    {
        var keys = Enumerable.Range(0, NearDuplicateBands.MaxKeys + 1).Select(i => $"q:{i:x12}").ToList();

        Assert.Throws<ArgumentOutOfRangeException>(() => NearDuplicateIndex.HoldersFilter("official-1", keys));
    }

    [GeneratedRegex(@"\b(eq|ne|gt|ge|lt|le)\b")]
    private static partial Regex Comparisons();
}
