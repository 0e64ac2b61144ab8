namespace Alerts.Core.Threats;

public interface IThreatAnalyzer
{
    /// <summary>Version of the analyser and its rules; stored with every statement.</summary>
    string Version { get; }

    /// <summary>
    /// Judges <paramref name="text"/>. When <paramref name="speaker"/> is given, only what that
    /// official says (quotes, reported speech, pronouns that carry over) is credited as a threat.
    /// </summary>
    ThreatAnalysis Analyze(string text, SpeakerContext? speaker = null);
}

/// <summary>The watched official whose words are being judged: display name and every alias.</summary>
public sealed record SpeakerContext(string Name, IReadOnlyList<string> Aliases);
