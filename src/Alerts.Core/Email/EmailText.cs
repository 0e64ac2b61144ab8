namespace Alerts.Core.Email;

/// <summary>Untrusted text made safe for the one-line places of an email (its subject, a gist, a feed title).</summary>
public static class EmailText
{
    /// <summary>One line (no header injection through CR/LF in a subject) and at most 200 characters.</summary>
    public static string OneLine(string value)
    {
        var line = new string(value.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
        return line.Length <= 200 ? line : line[..199] + "\u2026";
    }
}
