using System.Security.Cryptography;
using System.Text;

namespace Alerts.Core.Threats;

/// <summary>
/// Keeps every vector an encoder produced in a file (<c>train --embedding-cache FILE</c>), so training
/// again after the corpus grows encodes only the new sentences. A cache made by another encoder is ignored.
/// </summary>
public sealed class CachedSentenceEmbedder(ISentenceEmbedder inner, string path) : ISentenceEmbedder
{
    private readonly Lock _lock = new();
    private Dictionary<string, float[]>? _vectors;
    private int _unsaved;

    public string Name => inner.Name;

    public int Dimensions => inner.Dimensions;

    public float[][] Embed(IReadOnlyList<string> sentences, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        lock (_lock)
        {
            var vectors = _vectors ??= Load();
            var keys = sentences.Select(Key).ToList();
            var missing = Enumerable.Range(0, sentences.Count).Where(i => !vectors.ContainsKey(keys[i])).ToList();
            if (missing.Count > 0)
            {
                var encoded = inner.Embed([.. missing.Select(i => sentences[i])], cancellationToken);
                for (var j = 0; j < missing.Count; j++)
                {
                    vectors[keys[missing[j]]] = encoded[j];
                }

                // Writing the whole file after each batch would cost more than encoding; a short batch is the last one.
                _unsaved += missing.Count;
                if (_unsaved >= 512 || sentences.Count < 32)
                {
                    Save(vectors);
                    _unsaved = 0;
                }
            }

            return [.. keys.Select(k => vectors[k])];
        }
    }

    private static string Key(string sentence) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sentence)));

    private Dictionary<string, float[]> Load()
    {
        var vectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return vectors;
        }

        using var reader = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
        if (reader.ReadString() != Name || reader.ReadInt32() != Dimensions)
        {
            return vectors;
        }

        var count = reader.ReadInt32();
        for (var i = 0; i < count; i++)
        {
            var key = reader.ReadString();
            var vector = new float[Dimensions];
            for (var j = 0; j < vector.Length; j++)
            {
                vector[j] = reader.ReadSingle();
            }

            vectors[key] = vector;
        }

        return vectors;
    }

    private void Save(Dictionary<string, float[]> vectors)
    {
        var temporary = path + ".tmp";
        using (var writer = new BinaryWriter(File.Create(temporary), Encoding.UTF8))
        {
            writer.Write(Name);
            writer.Write(Dimensions);
            writer.Write(vectors.Count);
            foreach (var (key, vector) in vectors)
            {
                writer.Write(key);
                foreach (var value in vector)
                {
                    writer.Write(value);
                }
            }
        }

        File.Move(temporary, path, overwrite: true);
    }
}
