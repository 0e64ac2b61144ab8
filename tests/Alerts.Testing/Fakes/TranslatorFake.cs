using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Alerts.Core.Storage;
using Alerts.Local;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using NJsonSchema;
using NJsonSchema.Validation;

namespace Alerts.Testing;

/// <summary>What the fake answers to the next request.</summary>
public enum TranslatorReply
{
    Translate,
    TooManyRetryAfterOne,
    TooManyRetryAfterAMinute,
    ServerError,
    BadRequest,
    Hang,
}

/// <summary>One request the fake received, and what Translator v3's published description said about it and the answer.</summary>
public sealed record TranslatorRequest(string Path, IReadOnlyDictionary<string, string[]> Query, IReadOnlyDictionary<string, string> Headers, string Body, IReadOnlyList<string> RequestErrors, IReadOnlyList<string> AnswerErrors, TranslatorReply Reply)
{
    public string? One(string name) => Query.TryGetValue(name, out var values) && values.Length == 1 ? values[0] : null;
}

/// <summary>
/// A local Azure AI Translator (Text Translation v3) on 127.0.0.1 (Kestrel). Every request is checked against the
/// published API description (<c>../shared/fixtures/translator/TranslatorText.json</c>, read in place): path, query
/// parameters (only declared ones, required ones present, <c>api-version=3.0</c>), JSON body against
/// <c>TranslateTextInput</c>; the Entra token must be the expected one. Every answer it sends is checked against
/// <c>TranslateSuccess</c> or <c>ErrorMessage</c> first. Translations come from <see cref="Know"/>.
/// </summary>
public sealed class TranslatorFake : IAsyncDisposable
{
    public const string Token = "fake-entra-token";

    private readonly ConcurrentQueue<TranslatorReply> _script = new();
    private readonly ConcurrentQueue<TranslatorRequest> _requests = new();
    private readonly ConcurrentDictionary<string, (string From, string Text, int[] Src, int[] Trans)> _known = new(StringComparer.Ordinal);
    private readonly WebApplication _app;
    private readonly JsonSchema _input;
    private readonly JsonSchema _success;
    private readonly JsonSchema _error;
    private readonly IReadOnlyList<JsonNode> _queryParameters;

    private TranslatorFake(WebApplication app, JsonNode spec)
    {
        _app = app;
        var operation = spec["paths"]!["/translate"]!["post"]!;
        _queryParameters = operation["parameters"]!.AsArray().Where(p => p!["in"]!.GetValue<string>() == "query").Select(p => p!).ToList();
        var bodySchema = operation["parameters"]!.AsArray().Single(p => p!["in"]!.GetValue<string>() == "body")!["schema"]!;
        _input = SchemaWithDefinitions(spec, bodySchema);
        _success = SchemaWithDefinitions(spec, operation["responses"]!["200"]!["schema"]!);
        _error = SchemaWithDefinitions(spec, operation["responses"]!["default"]!["schema"]!);
    }

    public string BaseUrl { get; private set; } = "";

    public IReadOnlyList<TranslatorRequest> Requests => [.. _requests];

    public static string? SpecPath()
    {
        var root = RepositoryRoot.TryFind();
        var path = root is null ? null : Path.GetFullPath(Path.Combine(root, "..", "shared", "fixtures", "translator", "TranslatorText.json"));
        return path is not null && File.Exists(path) ? path : null;
    }

    /// <summary>Starts the fake, or skips the calling test with the reason when the published description is not beside the checkout.</summary>
    public static async Task<TranslatorFake> StartAsync(CancellationToken cancellationToken)
    {
        var path = SpecPath();
        if (path is null)
        {
            Assert.Skip("Translator v3's API description ../shared/fixtures/translator/TranslatorText.json (beside the checkout) is missing, so the Translator fake cannot check requests.");
        }

        var spec = JsonNode.Parse(await File.ReadAllTextAsync(path!, cancellationToken))!;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new TranslatorFake(app, spec);
        // The custom-subdomain form (what Bicep provisions) and the global endpoint's root form.
        app.MapPost("/translator/text/v3.0/translate", fake.HandleAsync);
        app.MapPost("/translate", fake.HandleAsync);
        await app.StartAsync(cancellationToken);
        fake.BaseUrl = app.Urls.First();
        return fake;
    }

    /// <summary>Teaches the fake one translation, with Translator's sentence lengths of the source and of the translation.</summary>
    public void Know(string source, string from, string english, int[] sourceSentenceLengths, int[] translatedSentenceLengths) =>
        _known[source] = (from, english, sourceSentenceLengths, translatedSentenceLengths);

    public void Next(params TranslatorReply[] replies)
    {
        foreach (var reply in replies)
        {
            _script.Enqueue(reply);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var query = context.Request.Query.ToDictionary(q => q.Key, q => q.Value.Select(v => v ?? "").ToArray(), StringComparer.Ordinal);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var errors = CheckRequest(context, query, body);

        var reply = _script.TryDequeue(out var scripted) ? scripted : TranslatorReply.Translate;
        var unauthorized = context.Request.Headers.Authorization.ToString() != "Bearer " + Token;
        if (errors.Count > 0 || unauthorized)
        {
            reply = TranslatorReply.BadRequest;
        }

        var (status, answer, extra) = reply switch
        {
            TranslatorReply.Translate => Translate(query, body),
            TranslatorReply.TooManyRetryAfterOne => (429, Error("429000", "The server rejected the request because the client has exceeded request limits."), new Dictionary<string, string> { ["Retry-After"] = "1" }),
            TranslatorReply.TooManyRetryAfterAMinute => (429, Error("429000", "The server rejected the request because the client has exceeded request limits."), new Dictionary<string, string> { ["Retry-After"] = "60" }),
            TranslatorReply.ServerError => (500, Error("500000", "An unexpected error occurred."), []),
            TranslatorReply.Hang => (0, "", []),
            _ => unauthorized
                ? (401, Error("401000", "The request is not authorized because credentials are missing or invalid."), [])
                : (400, Error("400000", string.Join("; ", errors.DefaultIfEmpty("One of the request inputs is not valid."))), []),
        };

        var answerErrors = status == 0 ? [] : (status == 200 ? _success : _error).Validate(answer).Select(Describe).ToList();
        _requests.Enqueue(new TranslatorRequest(context.Request.Path, query, headers, body, errors, answerErrors, reply));
        if (reply == TranslatorReply.Hang)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }

        context.Response.StatusCode = status;
        foreach (var (name, value) in (IEnumerable<KeyValuePair<string, string>>)extra)
        {
            context.Response.Headers[name] = value;
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(answer, context.RequestAborted);
    }

    private List<string> CheckRequest(HttpContext context, Dictionary<string, string[]> query, string body)
    {
        var errors = new List<string>();
        var declared = _queryParameters.ToDictionary(p => p["name"]!.GetValue<string>(), StringComparer.Ordinal);
        errors.AddRange(query.Keys.Where(k => !declared.ContainsKey(k)).Select(k => $"query parameter '{k}' is not in the API description"));
        foreach (var (name, parameter) in declared)
        {
            var required = parameter["required"]?.GetValue<bool>() ?? false;
            if (required && !query.ContainsKey(name))
            {
                errors.Add($"required query parameter '{name}' is missing");
            }

            if (query.TryGetValue(name, out var values) && parameter["type"]!.GetValue<string>() != "array" && values.Length != 1)
            {
                errors.Add($"query parameter '{name}' is not an array but was given {values.Length} times");
            }
        }

        if (query.TryGetValue("api-version", out var version) && version is not ["3.0"])
        {
            errors.Add("api-version must be 3.0");
        }

        foreach (var flag in new[] { "includeSentenceLength", "includeAlignment" })
        {
            if (query.TryGetValue(flag, out var value) && value is not (["true"] or ["false"]))
            {
                errors.Add($"{flag} must be true or false");
            }
        }

        if (context.Request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) != true)
        {
            errors.Add($"Content-Type {context.Request.ContentType} is not the application/json the operation consumes");
        }

        try
        {
            errors.AddRange(_input.Validate(body).Select(Describe));
            var items = JsonNode.Parse(body)!.AsArray();
            // The service's documented limits: at most 1,000 elements and 50,000 characters in one request.
            if (items.Count > 1000 || items.Sum(i => i?["Text"]?.GetValue<string>().Length ?? 0) > 50_000)
            {
                errors.Add("request over Translator's 1,000 elements or 50,000 characters");
            }
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException)
        {
            errors.Add("body is not a JSON array: " + ex.Message);
        }

        return errors;
    }

    private (int, string, Dictionary<string, string>) Translate(Dictionary<string, string[]> query, string body)
    {
        var sentenceLengths = query.TryGetValue("includeSentenceLength", out var flag) && flag is ["true"];
        var results = new JsonArray();
        foreach (var item in JsonNode.Parse(body)!.AsArray())
        {
            var text = item!["Text"]!.GetValue<string>();
            var known = _known.TryGetValue(text, out var k) ? k : ("en", text, [text.Length], [text.Length]);
            var translations = new JsonArray();
            foreach (var to in query["to"])
            {
                var translation = new JsonObject { ["text"] = known.Text, ["to"] = to };
                if (sentenceLengths)
                {
                    translation["sentLen"] = new JsonObject { ["srcSentLen"] = new JsonArray([.. known.Src.Select(n => (JsonNode)n)]), ["transSentLen"] = new JsonArray([.. known.Trans.Select(n => (JsonNode)n)]) };
                }

                translations.Add(translation);
            }

            var result = new JsonObject();
            if (!query.ContainsKey("from"))
            {
                result["detectedLanguage"] = new JsonObject { ["language"] = known.From, ["score"] = 1.0 };
            }

            result["translations"] = translations;
            results.Add(result);
        }

        return (200, results.ToJsonString(), []);
    }

    private static string Error(string code, string message) =>
        new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } }.ToJsonString();

    /// <summary>The schema with the document's definitions beside it, so its <c>$ref</c>s resolve.</summary>
    private static JsonSchema SchemaWithDefinitions(JsonNode spec, JsonNode schema)
    {
        var root = schema.DeepClone().AsObject();
        root["definitions"] = spec["definitions"]!.DeepClone();
        return JsonSchema.FromJsonAsync(root.ToJsonString()).GetAwaiter().GetResult();
    }

    private static string Describe(ValidationError error) => string.Create(CultureInfo.InvariantCulture, $"{error.Path}: {error.Kind}");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>Hands out the token the fake expects, as the managed identity would in Azure.</summary>
public sealed class FakeEntraCredential : Azure.Core.TokenCredential
{
    public int Requests { get; private set; }

    public IReadOnlyList<string> Scopes { get; private set; } = [];

    public override Azure.Core.AccessToken GetToken(Azure.Core.TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        Requests++;
        Scopes = requestContext.Scopes;
        return new Azure.Core.AccessToken(TranslatorFake.Token, DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<Azure.Core.AccessToken> GetTokenAsync(Azure.Core.TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
