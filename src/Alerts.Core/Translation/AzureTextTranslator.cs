using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Alerts.Core.Http;
using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Options;

namespace Alerts.Core.Translation;

/// <summary>
/// Azure AI Translator, Text Translation v3: <c>POST /translate?api-version=3.0&amp;to=en</c> (with <c>from</c> when the
/// language is known, and <c>includeSentenceLength=true</c> so evidence can be mapped back sentence by sentence),
/// signed in with an Entra ID token of the app's managed identity. 429, 5xx and timeouts are retried, honouring
/// Retry-After up to <see cref="TranslatorOptions.MaxRetryDelaySeconds"/>; anything else is a reason, never an exception.
/// </summary>
public sealed class AzureTextTranslator(HttpClient http, TranslatorCredential credential, IOptions<TranslatorOptions> options, TimeProvider time) : ITextTranslator
{
    public const string HttpClientName = "translator";

    /// <summary>Translator v3's limit on the characters of one request.</summary>
    public const int MaxCharacters = 50_000;

    // Lingua names these without the script Translator wants (zh-Hans or zh-Hant, sr-Cyrl or sr-Latn, ...):
    // leave them to Translator's own detection rather than send a code it refuses.
    private static readonly HashSet<string> DetectedByTranslator = new(StringComparer.Ordinal) { "zh", "sr", "mn", "und", "" };

    private readonly TranslatorOptions _options = options.Value;

    public async Task<TranslationResult> TranslateToEnglishAsync(string text, string? from, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxCharacters)
        {
            return TranslationResult.Failure($"the statement is {text.Length} characters, over Translator's {MaxCharacters} per request");
        }

        var uri = RequestUri(from);
        string? lastReason = null;
        for (var attempt = 1; attempt <= _options.MaxAttempts; attempt++)
        {
            TimeSpan? wait;
            try
            {
                using var request = await CreateRequestAsync(uri, text, cancellationToken);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(_options.TimeoutSeconds));
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
                if (response.IsSuccessStatusCode)
                {
                    return Read(await response.Content.ReadAsStringAsync(cancellationToken), from);
                }

                lastReason = $"Translator answered {(int)response.StatusCode}{await ErrorOf(response, cancellationToken)}";
                if (response.StatusCode != HttpStatusCode.TooManyRequests && (int)response.StatusCode < 500)
                {
                    return TranslationResult.Failure(lastReason);
                }

                wait = RetryAfter(response);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                lastReason = $"Translator did not answer within {_options.TimeoutSeconds} s";
                wait = null;
            }
            catch (HttpRequestException ex)
            {
                lastReason = $"Translator could not be reached ({ex.HttpRequestError})";
                wait = null;
            }
            catch (AuthenticationFailedException ex)
            {
                // A sign-in that fails once will fail again: no retry.
                return TranslationResult.Failure($"no Entra ID token for Translator ({ex.GetType().Name})");
            }

            if (attempt == _options.MaxAttempts)
            {
                break;
            }

            var delay = wait ?? TimeSpan.FromSeconds(Math.Pow(2, attempt - 1));
            if (delay > TimeSpan.FromSeconds(_options.MaxRetryDelaySeconds))
            {
                return TranslationResult.Failure($"{lastReason}; Retry-After {delay.TotalSeconds:0} s is longer than the {_options.MaxRetryDelaySeconds} s this stage waits");
            }

            await Task.Delay(delay, time, cancellationToken);
        }

        return TranslationResult.Failure($"{lastReason}, {_options.MaxAttempts} attempt(s)");
    }

    /// <summary>
    /// A custom-subdomain endpoint serves Translator under <c>/translator/text/v3.0/</c>; the global endpoint at its root.
    /// </summary>
    private Uri RequestUri(string? from)
    {
        var endpoint = _options.Endpoint ?? throw new InvalidOperationException("Translator__Endpoint is not set.");
        var basePath = endpoint.AbsoluteUri.TrimEnd('/');
        var path = endpoint.Host.EndsWith(".cognitiveservices.azure.com", StringComparison.OrdinalIgnoreCase) || endpoint.IsLoopback
            ? "/translator/text/v3.0/translate"
            : "/translate";
        var query = "?api-version=3.0&to=en&includeSentenceLength=true";
        if (from is not null && !DetectedByTranslator.Contains(from))
        {
            query += "&from=" + Uri.EscapeDataString(from);
        }

        return new Uri(basePath + path + query);
    }

    private async Task<HttpRequestMessage> CreateRequestAsync(Uri uri, string text, CancellationToken cancellationToken)
    {
        var token = await credential.Credential.GetTokenAsync(new TokenRequestContext([TranslatorCredential.Scope]), cancellationToken);
        var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = JsonContent.Create(new[] { new TranslateInput(text) }, TranslatorJsonContext.Default.TranslateInputArray),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        if (!string.IsNullOrWhiteSpace(_options.ResourceId))
        {
            request.Headers.Add("Ocp-Apim-ResourceId", _options.ResourceId);
        }

        if (!string.IsNullOrWhiteSpace(_options.Region))
        {
            request.Headers.Add("Ocp-Apim-Subscription-Region", _options.Region);
        }

        request.Headers.Add("X-ClientTraceId", Guid.NewGuid().ToString());
        return request;
    }

    private static TranslationResult Read(string body, string? from)
    {
        TranslateResult[]? results;
        try
        {
            results = JsonSerializer.Deserialize(body, TranslatorJsonContext.Default.TranslateResultArray);
        }
        catch (JsonException)
        {
            return TranslationResult.Failure("Translator answered 200 with a body that is not its JSON");
        }

        var translation = results is [{ Translations: [var first, ..] } result] ? (result, first) : default;
        if (translation.first?.Text is not { } translated)
        {
            return TranslationResult.Failure("Translator answered 200 without a translation");
        }

        var lengths = translation.first.SentLen;
        return TranslationResult.Success(new MachineTranslation(
            translated,
            translation.result.DetectedLanguage?.Language ?? from ?? "und",
            lengths?.SrcSentLen ?? [],
            lengths?.TransSentLen ?? []));
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => RetryAfterHeader.Wait(response.Headers, time.GetUtcNow());

    /// <summary>Translator's own error code and message (<c>{"error":{"code","message"}}</c>), short, for the log.</summary>
    private static async Task<string> ErrorOf(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var error = JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(cancellationToken), TranslatorJsonContext.Default.TranslatorError)?.Error;
            return error is null ? "" : string.Create(CultureInfo.InvariantCulture, $" ({error.Code}: {Truncate(error.Message)})");
        }
        catch (JsonException)
        {
            return "";
        }
    }

    private static string? Truncate(string? value) => value is { Length: > 200 } ? value[..200] : value;
}

internal sealed record TranslateInput(string Text);

internal sealed record TranslateResult(
    [property: JsonPropertyName("detectedLanguage")] DetectedLanguage? DetectedLanguage,
    [property: JsonPropertyName("translations")] IReadOnlyList<TranslationText>? Translations);

internal sealed record DetectedLanguage([property: JsonPropertyName("language")] string? Language, [property: JsonPropertyName("score")] double Score);

internal sealed record TranslationText(
    [property: JsonPropertyName("text")] string? Text,
    [property: JsonPropertyName("to")] string? To,
    [property: JsonPropertyName("sentLen")] SentenceLengths? SentLen);

internal sealed record SentenceLengths(
    [property: JsonPropertyName("srcSentLen")] IReadOnlyList<int>? SrcSentLen,
    [property: JsonPropertyName("transSentLen")] IReadOnlyList<int>? TransSentLen);

internal sealed record TranslatorError([property: JsonPropertyName("error")] TranslatorErrorBody? Error);

internal sealed record TranslatorErrorBody([property: JsonPropertyName("code")] JsonElement Code, [property: JsonPropertyName("message")] string? Message);

[JsonSerializable(typeof(TranslateInput[]))]
[JsonSerializable(typeof(TranslateResult[]))]
[JsonSerializable(typeof(TranslatorError))]
internal sealed partial class TranslatorJsonContext : JsonSerializerContext;
