using System.ComponentModel.DataAnnotations;

namespace Alerts.Core.Translation;

/// <summary>
/// Section <c>Translator</c>: the optional Azure AI Translator stage, off by default. It signs in with the app's
/// managed identity (no key exists in settings); the Bicep parameter <c>enableTranslator</c> provisions the
/// resource and sets these.
/// </summary>
public sealed class TranslatorOptions
{
    public const string Section = "Translator";

    /// <summary>When false (the default), a statement in a language the judge does not read is stored as not judged.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// The resource's custom-subdomain endpoint (<c>https://NAME.cognitiveservices.azure.com/</c>), or the global
    /// <c>https://api.cognitive.microsofttranslator.com</c>. Required when enabled.
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Resource id of the Translator account, sent as <c>Ocp-Apim-ResourceId</c> when set (the global endpoint needs it with Entra ID).</summary>
    public string? ResourceId { get; set; }

    /// <summary>Region of the Translator account, sent as <c>Ocp-Apim-Subscription-Region</c> when set.</summary>
    public string? Region { get; set; }

    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Longest wait for a Retry-After (or backoff) inside one statement's processing; longer means give up.</summary>
    [Range(0, 120)]
    public int MaxRetryDelaySeconds { get; set; } = 10;

    [Range(1, 120)]
    public int TimeoutSeconds { get; set; } = 20;

    /// <summary>True when the stage is on and has somewhere to call; checked at start-up.</summary>
    public bool IsValid => !Enabled || Endpoint is { IsAbsoluteUri: true, Scheme: "https" or "http" };
}
