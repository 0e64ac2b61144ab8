namespace Alerts.Core.Threats;

/// <summary>Turns sentences into fixed-length vectors; the learned judge's view of what a sentence means.</summary>
public interface ISentenceEmbedder
{
    /// <summary>Names the encoder, so a model trained on one encoder refuses another.</summary>
    string Name { get; }

    int Dimensions { get; }

    /// <summary>One L2-normalised vector per sentence, in order. Safe to call from many threads.</summary>
    float[][] Embed(IReadOnlyList<string> sentences, CancellationToken cancellationToken = default);
}
