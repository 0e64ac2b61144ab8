using Alerts.Core.Threats;

namespace Alerts.FineTune;

/// <summary>Hands the judge's example builder vectors computed beforehand (by the tuned encoder), under the encoder's name.</summary>
internal sealed class LookupEmbedder(IReadOnlyDictionary<string, float[]> vectors) : ISentenceEmbedder
{
    public string Name => MiniLmSentenceEmbedder.EncoderName;

    public int Dimensions => MiniLmTorch.Hidden;

    public float[][] Embed(IReadOnlyList<string> sentences, CancellationToken cancellationToken = default) =>
        [.. sentences.Select(s => vectors[s])];
}
