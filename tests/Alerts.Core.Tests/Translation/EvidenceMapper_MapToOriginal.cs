using Alerts.Core.Threats;
using Alerts.Core.Translation;
using static Alerts.Testing.TranslationSamples;

namespace Alerts.Core.Tests.Translation;

public sealed class EvidenceMapper_MapToOriginal
{
    private static readonly ThreatEvidence Crushing = new(58, 66, "crushing", "military_force", "force.harsh-response");

    [Fact]
    public void AFindingInTheSecondTranslatedSentencePointsAtTheSecondOriginalSentence()
    {
        var mapped = Assert.Single(EvidenceMapper.MapToOriginal(Urdu, new MachineTranslation(English, "ur", UrduSentences, EnglishSentences), [Crushing]));

        Assert.False(mapped.InTranslation);
        Assert.Equal(SecondUrdu, Urdu[mapped.Start..mapped.End]);
        Assert.Equal(SecondUrdu, mapped.Text);
        Assert.Equal((58, 66, "crushing"), (mapped.TranslatedStart, mapped.TranslatedEnd, mapped.TranslatedText));
    }

    [Theory]
    [InlineData(new int[0], new int[0])]
    [InlineData(new[] { 17, 26 }, new[] { 67 })]
    [InlineData(new[] { 17, 20 }, new[] { 21, 46 })]
    public void WithoutLengthsThatAlignTheFindingPointsIntoTheTranslationAndSaysSo(int[] source, int[] translated)
    {
        var mapped = Assert.Single(EvidenceMapper.MapToOriginal(Urdu, new MachineTranslation(English, "ur", source, translated), [Crushing]));

        Assert.True(mapped.InTranslation);
        Assert.Equal((58, 66, "crushing"), (mapped.Start, mapped.End, mapped.Text));
        Assert.Equal("crushing", English[mapped.Start..mapped.End]);
    }
}
