using Alerts.Core.Threats;

namespace Alerts.Core.Tests.Threats;

public sealed class LanguageDetector_Detect
{
    [Theory]
    [InlineData("If they attack, our response will be crushing.", "en")]
    [InlineData("So be it.", "en")]
    [InlineData("Nous ne laisserons pas passer cette attaque et la riposte sera terrible.", "fr")]
    [InlineData("Wir werden nicht zulassen, dass die Grenze verletzt wird.", "de")]
    [InlineData("No vamos a permitir que los ataques continúen en la frontera.", "es")]
    [InlineData("Мы уничтожим их.", "ru")]
    [InlineData("Ми знищимо їх.", "uk")]
    [InlineData("\u0633\u0646\u0631\u062F \u0628\u0642\u0648\u0629", "ar")]
    [InlineData("\u0645\u0627 \u067E\u0627\u0633\u062E \u0645\u06CC\u062F\u0647\u06CC\u0645", "fa")]
    [InlineData("우리는 강력히 대응할 것이다", "ko")]
    [InlineData("我们将坚决回击", "zh")]
    [InlineData("ہم حملہ آور کو کچل دیں گے", "ur")]
    [InlineData("हम हमलावर को कुचल देंगे और उन्हें सबक सिखाएंगे", "hi")]
    [InlineData("Kami akan menghancurkan mereka jika mereka berani menyerang wilayah kami lagi.", "ms")]
    [InlineData("Crush them", "en")]
    [InlineData("", "und")]
    [InlineData("12345 !!! ---", "und")]
    public void NamesTheLanguageFromScriptAndFunctionWords(string text, string language) =>
        Assert.Equal(language, LanguageDetector.Detect(text));
}

/// <summary>What the judge makes of a language it has no rules for: no verdict, said so, never a silent "none".</summary>
public sealed class ThreatAnalyzer_NotJudged
{
    private readonly ThreatAnalyzer _analyzer = new();

    [Theory]
    [InlineData("ہم حملہ آور کو کچل دیں گے", "ur")]
    [InlineData("Мы раздавим любого агрессора, который посмеет напасть на нас.", "ru")]
    public void AStatementInALanguageWithoutRulesIsMarkedNotJudged(string text, string language)
    {
        var analysis = _analyzer.Analyze(text);

        Assert.False(analysis.Judged);
        Assert.False(analysis.Threat);
        Assert.Equal(language, analysis.Language);
    }

    [Fact]
    public void TheClassifyJsonCarriesTheLanguageAndWhetherItWasJudged()
    {
        var json = System.Text.Json.JsonDocument.Parse(ThreatAnalysisJson.Serialize(_analyzer.Analyze("ہم حملہ آور کو کچل دیں گے"))).RootElement;

        Assert.Equal("ur", json.GetProperty("language").GetString());
        Assert.False(json.GetProperty("judged").GetBoolean());
    }

    [Theory]
    [InlineData("If they attack, our response will be crushing.")]
    [InlineData("12345 !!! ---")]
    [InlineData("")]
    public void EnglishAndTextWithNoWordsAreJudged(string text) =>
        Assert.True(_analyzer.Analyze(text).Judged);
}
