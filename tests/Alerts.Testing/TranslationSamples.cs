namespace Alerts.Testing;

/// <summary>An Urdu statement of two sentences and its English, with Translator's sentence lengths of each.</summary>
public static class TranslationSamples
{
    public const string FirstUrdu = "یہ ہمارا ملک ہے۔ ";
    public const string SecondUrdu = "ہم حملہ آور کو کچل دیں گے۔";
    public const string Urdu = FirstUrdu + SecondUrdu;
    public const string English = "This is our country. If they attack, our response will be crushing.";

    public static readonly int[] UrduSentences = [FirstUrdu.Length, SecondUrdu.Length];
    public static readonly int[] EnglishSentences = [21, 46];
}
