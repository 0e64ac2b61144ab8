using Alerts.Core.Threats;

namespace Alerts.Core.Tests.Threats;

/// <summary>
/// A fast stand-in encoder for the trainer's own tests: each word lands in one of 64 buckets, so
/// statements sharing words look alike. The real encoder is exercised by the judge's tests.
/// </summary>
internal sealed class HashingEmbedder : ISentenceEmbedder
{
    public string Name => "hashing-64";

    public int Dimensions => 64;

    public int Calls { get; private set; }

    public float[][] Embed(IReadOnlyList<string> sentences, CancellationToken cancellationToken = default)
    {
        Calls++;
        return sentences.Select(Vector).ToArray();
    }

    private float[] Vector(string sentence)
    {
        var vector = new float[Dimensions];
        foreach (var word in sentence.ToLowerInvariant().Split([' ', ',', '.', '"', '!', '?'], StringSplitOptions.RemoveEmptyEntries))
        {
            var hash = 17;
            foreach (var c in word)
            {
                hash = unchecked(hash * 31 + c);
            }

            vector[(hash & 0x7fffffff) % Dimensions] += 1;
        }

        var norm = (float)Math.Sqrt(vector.Sum(x => x * x));
        return norm == 0 ? vector : vector.Select(x => x / norm).ToArray();
    }
}
