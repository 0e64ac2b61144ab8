using System.Text.Json;
using Alerts.Core.Statements;
using Alerts.Core.Storage;

namespace Alerts.Functions.Http;

/// <summary>The body of <c>POST /api/statements</c>, read under its cap into an <see cref="IngestRequest"/>, or the reason it cannot be.</summary>
public static class IngestBody
{
    public const int MaxBytes = 64 * 1024;

    public static async Task<IngestBodyRead> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var (buffer, length) = await RequestBodies.ReadCappedAsync(body, MaxBytes, cancellationToken);
        if (length > MaxBytes)
        {
            return TooLarge();
        }

        if (length == 0)
        {
            return new IngestBodyRead(null, IngestOutcome.Invalid("the body is empty; send JSON {official, text, url, published, source?}"));
        }

        try
        {
            return JsonSerializer.Deserialize<IngestRequest>(buffer.AsSpan(0, length), QueueMessageJson.Options) is { } request
                ? new IngestBodyRead(request, null)
                : new IngestBodyRead(null, IngestOutcome.Invalid("the body is not the expected JSON object"));
        }
        catch (JsonException ex)
        {
            return new IngestBodyRead(null, IngestOutcome.Invalid($"the body is not the expected JSON object: {ex.Message}"));
        }
    }

    public static IngestBodyRead TooLarge() => new(null, IngestOutcome.Invalid($"the body is larger than {MaxBytes} bytes"));
}

/// <summary>The request read from the body, or the outcome that refuses it.</summary>
public sealed record IngestBodyRead(IngestRequest? Request, IngestOutcome? Refused);
