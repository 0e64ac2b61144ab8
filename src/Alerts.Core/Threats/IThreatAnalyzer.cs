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

    /// <summary>
    /// Judges several texts, one result per input in order, each the verdict <see cref="Analyze"/> gives it. An analyser
    /// that can share work across texts (the learned judge encodes all their sentences in one encoder call) overrides this.
    /// </summary>
    IReadOnlyList<ThreatAnalysis> AnalyzeMany(IReadOnlyList<ThreatInput> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return [.. inputs.Select(i => Analyze(i.Text, i.Speaker))];
    }
}

/// <summary>One text to judge and, when known, the official whose words count.</summary>
public readonly record struct ThreatInput(string Text, SpeakerContext? Speaker = null);

/// <summary>The watched official whose words are being judged: display name and every alias.</summary>
public sealed record SpeakerContext(string Name, IReadOnlyList<string> Aliases);
