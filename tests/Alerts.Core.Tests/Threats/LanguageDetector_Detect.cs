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
    [InlineData("", "und")]
    [InlineData("12345 !!! ---", "und")]
    public void NamesTheLanguageFromScriptAndFunctionWords(string text, string language) =>
        Assert.Equal(language, LanguageDetector.Detect(text));
}
