using System.Text.Json;

namespace Alerts.Core.Storage;

/// <summary>Lists and small objects kept in one string property of a table entity.</summary>
internal static class TableJson
{
    /// <summary>Table Storage caps a string property at 32K UTF-16 characters.</summary>
    public const int MaxStringChars = 32_000;

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, QueueMessageJson.Options);

    public static T Read<T>(string? json, T fallback)
    {
        if (string.IsNullOrEmpty(json))
        {
            return fallback;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(json, QueueMessageJson.Options) ?? fallback;
        }
        catch (JsonException)
        {
            return fallback;
        }
    }

    public static string Cap(string value, int maxChars = MaxStringChars) =>
        value.Length <= maxChars ? value : value[..maxChars];
}
