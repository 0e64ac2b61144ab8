using Alerts.Core.Threats;
using static TorchSharp.torch;

namespace Alerts.FineTune;

/// <summary>
/// Turns a tuned TorchSharp encoder into <c>encoder-patch.bin</c> (the tuned layers' changes as fp16, at the byte
/// offsets of their fp32 data in the package's ONNX graph) and checks that ONNX Runtime on the patched graph
/// gives the tuned encoder's embeddings.
/// </summary>
internal static class PatchWriter
{
    public static byte[] Write(MiniLmWeights weights, MiniLmTorch tuned, IEnumerable<int> layers)
    {
        var entries = new List<EncoderPatch.Entry>();
        foreach (var name in layers.SelectMany(MiniLmTorch.LayerNames))
        {
            var original = weights.Floats(name);
            var values = tuned.Values(name);
            entries.Add(new EncoderPatch.Entry(name, weights.ByName[name].RawOffset, [.. values.Select((v, i) => (Half)(v - original[i]))]));
        }

        return EncoderPatch.Write(weights.Model, entries);
    }

    /// <returns>The smallest cosine between ONNX Runtime on the patched graph and the tuned TorchSharp encoder.</returns>
    public static double Check(byte[] patch, MiniLmTorch tuned)
    {
        var onnx = new MiniLmSentenceEmbedder(EncoderPatch.Read(patch)).Embed(Parity.Sentences);
        var ids = EncoderTuner.Tokenize(Parity.Sentences);
        var min = 1.0;
        using var _ = no_grad();
        for (var i = 0; i < ids.Length; i++)
        {
            using var scope = NewDisposeScope();
            var v = tuned.Top(tuned.Embed(tensor(ids[i]).reshape(1, ids[i].Length)), ones(1, ids[i].Length), 0).data<float>().ToArray();
            min = Math.Min(min, v.Zip(onnx[i], (a, b) => (double)a * b).Sum());
        }

        return min;
    }
}
