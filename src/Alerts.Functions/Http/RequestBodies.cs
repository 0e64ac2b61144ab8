using System.Text;
using System.Text.Json;
using Alerts.Core.Storage;
using Alerts.Core.Subscriptions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Alerts.Functions.Http;

/// <summary>A request body read under a size cap, as form fields or JSON; the parse error says what is wrong.</summary>
internal sealed record RequestBody(IReadOnlyDictionary<string, StringValues> Fields, int? ErrorStatus, string? Error)
{
    public string? Get(string name) => Fields.TryGetValue(name, out var v) ? v.ToString() : null;

    public IReadOnlyList<string> GetAll(string name) => Fields.TryGetValue(name, out var v) ? v.Where(x => x is not null).Select(x => x!).ToList() : [];

    public SubscriptionForm ToForm() => new(Get("email"), GetAll("officials"), Get("minimumLevel"), GetAll("categories"), Get("mode"), Get("notJudged"));
}

internal static class RequestBodies
{
    /// <summary>Subscribe and preferences bodies are a few hundred bytes; anything much bigger is refused unread.</summary>
    public const int MaxBytes = 16 * 1024;

    public static async Task<RequestBody> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
        {
            return TooLarge();
        }

        var (buffer, total) = await ReadCappedAsync(request.Body, MaxBytes, cancellationToken);
        if (total > MaxBytes)
        {
            return TooLarge();
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer, 0, total);
        }
        catch (DecoderFallbackException)
        {
            return new RequestBody(Empty, StatusCodes.Status400BadRequest, "The request body is not valid UTF-8.");
        }

        if (PageResults.WantsJson(request))
        {
            return FromJson(text);
        }

        if (total > 0 && request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) != true)
        {
            return new RequestBody(Empty, StatusCodes.Status415UnsupportedMediaType, "Send the form as application/x-www-form-urlencoded or application/json.");
        }

        return new RequestBody(QueryHelpers.ParseQuery(text), null, null);
    }

    /// <summary>Reads at most <paramref name="maxBytes"/> + 1 bytes, so a length over the cap says the body is too large without reading it all.</summary>
    public static async Task<(byte[] Buffer, int Length)> ReadCappedAsync(Stream body, int maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new byte[maxBytes + 1];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(total), cancellationToken)) > 0)
        {
            total += read;
        }

        return (buffer, total);
    }

    /// <summary>A JSON body of an operator endpoint, read under the cap; the error is the problem response to answer.</summary>
    public static async Task<(T? Value, IActionResult? Problem)> ReadJsonAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        var (buffer, length) = request.ContentLength > MaxBytes ? ([], MaxBytes + 1) : await ReadCappedAsync(request.Body, MaxBytes, cancellationToken);
        if (length > MaxBytes)
        {
            return (null, ProblemResults.Field(request, "body", "The request body is too large.", StatusCodes.Status413PayloadTooLarge));
        }

        try
        {
            return (JsonSerializer.Deserialize<T>(buffer.AsSpan(0, length), QueueMessageJson.Options), null);
        }
        catch (JsonException ex)
        {
            return (null, ProblemResults.Field(request, "body", $"The JSON body does not parse: {ex.Message}"));
        }
    }

    private static RequestBody FromJson(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 8 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return new RequestBody(Empty, StatusCodes.Status400BadRequest, "The JSON body must be an object.");
            }

            var fields = new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                fields[property.Name] = property.Value.ValueKind switch
                {
                    JsonValueKind.Array => new StringValues(property.Value.EnumerateArray().Select(Scalar).ToArray()),
                    _ => new StringValues(Scalar(property.Value)),
                };
            }

            return new RequestBody(fields, null, null);
        }
        catch (JsonException ex)
        {
            return new RequestBody(Empty, StatusCodes.Status400BadRequest, $"The JSON body does not parse: {ex.Message}");
        }
    }

    private static string Scalar(JsonElement e) => e.ValueKind == JsonValueKind.String ? e.GetString() ?? "" : e.GetRawText();

    private static RequestBody TooLarge() =>
        new(Empty, StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {MaxBytes / 1024} KiB.");

    private static Dictionary<string, StringValues> Empty => new(StringComparer.Ordinal);
}
