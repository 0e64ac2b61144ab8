using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Alerts.Core.Storage;

/// <summary>JSON for queue messages: one set of options, and a reader that reports why a message is unreadable.</summary>
public static class QueueMessageJson
{
    /// <summary>Well under the 64 KiB queue limit once Base64 adds a third.</summary>
    public const int MaxMessageChars = 45_000;

    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Serialize<T>(T message)
    {
        var json = JsonSerializer.Serialize(message, Options);
        if (json.Length > MaxMessageChars)
        {
            throw new InvalidOperationException($"A {typeof(T).Name} message of {json.Length} characters exceeds the queue limit of {MaxMessageChars}.");
        }

        return json;
    }

    public static bool TryDeserialize<T>(string? text, [NotNullWhen(true)] out T? message, [NotNullWhen(false)] out string? reason)
        where T : class
    {
        message = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            reason = "empty message";
            return false;
        }

        if (text.Length > MaxMessageChars)
        {
            reason = $"message of {text.Length} characters exceeds {MaxMessageChars}";
            return false;
        }

        try
        {
            message = JsonSerializer.Deserialize<T>(text, Options);
        }
        catch (JsonException ex)
        {
            reason = $"not a valid {typeof(T).Name}: {ex.Message}";
            return false;
        }

        if (message is null)
        {
            reason = $"not a valid {typeof(T).Name}: null";
            return false;
        }

        if (message is IValidatableMessage validatable && validatable.Validate() is { } problem)
        {
            message = null;
            reason = $"invalid {typeof(T).Name}: {problem}";
            return false;
        }

        reason = null;
        return true;
    }
}

/// <summary>A queue message that can say what is wrong with it after deserialisation (missing required fields).</summary>
public interface IValidatableMessage
{
    /// <summary>Null when valid, else a one-line reason.</summary>
    string? Validate();
}
