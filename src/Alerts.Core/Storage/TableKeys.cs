using System.Security.Cryptography;
using System.Text;

namespace Alerts.Core.Storage;

/// <summary>Keys safe for PartitionKey/RowKey: no / \ # ? or control characters, at most 1 KiB.</summary>
public static class TableKeys
{
    public static string Hash(string value, int hexChars = 32)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(value));
        return Convert.ToHexStringLower(bytes)[..hexChars];
    }

    public static bool IsValid(string? key) =>
        !string.IsNullOrEmpty(key) && key.Length <= 512 && !key.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));

    public static string Require(string? key, string what) =>
        IsValid(key) ? key! : throw new ArgumentException($"{what} '{key}' is not a valid table key (1-512 characters, none of / \\ # ? or control characters).", nameof(key));
}
