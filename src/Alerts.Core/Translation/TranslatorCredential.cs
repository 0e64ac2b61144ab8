using Azure.Core;

namespace Alerts.Core.Translation;

/// <summary>The identity the translator signs in with: the app's user-assigned managed identity in Azure.</summary>
public sealed record TranslatorCredential(TokenCredential Credential)
{
    /// <summary>Entra ID scope of every Cognitive Services resource, Translator included.</summary>
    public const string Scope = "https://cognitiveservices.azure.com/.default";
}
