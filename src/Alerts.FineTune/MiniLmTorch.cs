using TorchSharp;
using static TorchSharp.torch;

namespace Alerts.FineTune;

/// <summary>
/// all-MiniLM-L6-v2 as TorchSharp tensors (hidden 384, 12 heads, FFN 1536, 6 layers), computing what the ONNX
/// graph computes: BERT embeddings, post-LayerNorm encoder layers with exact GELU, mean pooling over the
/// attention mask, L2 normalisation. Dense weights are kept [in, out] as the graph stores them.
/// </summary>
internal sealed class MiniLmTorch : IDisposable
{
    public const int Layers = 6;
    public const int Hidden = 384;
    public const int Heads = 12;
    private const double Epsilon = 1e-12;

    private static readonly string[] LayerTensors =
    [
        "attention.self.query.weight", "attention.self.query.bias",
        "attention.self.key.weight", "attention.self.key.bias",
        "attention.self.value.weight", "attention.self.value.bias",
        "attention.output.dense.weight", "attention.output.dense.bias",
        "attention.output.LayerNorm.weight", "attention.output.LayerNorm.bias",
        "intermediate.dense.weight", "intermediate.dense.bias",
        "output.dense.weight", "output.dense.bias",
        "output.LayerNorm.weight", "output.LayerNorm.bias",
    ];

    private readonly Dictionary<string, Tensor> _tensors = new(StringComparer.Ordinal);

    public MiniLmTorch(MiniLmWeights weights)
    {
        foreach (var name in EmbeddingNames.Concat(Enumerable.Range(0, Layers).SelectMany(LayerNames)))
        {
            _tensors[name] = tensor(weights.Floats(name)).reshape(weights.Shape(name));
        }
    }

    public static IEnumerable<string> EmbeddingNames { get; } =
    [
        "embeddings.word_embeddings.weight", "embeddings.position_embeddings.weight", "embeddings.token_type_embeddings.weight",
        "embeddings.LayerNorm.weight", "embeddings.LayerNorm.bias",
    ];

    public static IEnumerable<string> LayerNames(int layer) => LayerTensors.Select(t => $"encoder.layer.{layer}.{t}");

    public Tensor this[string name] => _tensors[name];

    /// <summary>Makes the tensors of the given layers trainable and returns them as parameters.</summary>
    public List<TorchSharp.Modules.Parameter> Trainable(IEnumerable<int> layers)
    {
        var parameters = new List<TorchSharp.Modules.Parameter>();
        foreach (var name in layers.SelectMany(LayerNames))
        {
            var p = new TorchSharp.Modules.Parameter(_tensors[name].detach().clone(), requires_grad: true);
            _tensors[name] = p;
            parameters.Add(p);
        }

        return parameters;
    }

    /// <param name="ids">[batch, length] token ids.</param>
    public Tensor Embed(Tensor ids)
    {
        var length = ids.shape[1];
        var word = _tensors["embeddings.word_embeddings.weight"].index_select(0, ids.flatten()).reshape(ids.shape[0], length, Hidden);
        var position = _tensors["embeddings.position_embeddings.weight"].narrow(0, 0, length).unsqueeze(0);
        var type = _tensors["embeddings.token_type_embeddings.weight"][0];
        return nn.functional.layer_norm(word + position + type, [Hidden], _tensors["embeddings.LayerNorm.weight"], _tensors["embeddings.LayerNorm.bias"], Epsilon);
    }

    /// <param name="hidden">[batch, length, 384] the output of the layer before <paramref name="layer"/>.</param>
    /// <param name="mask">[batch, length] 1 for tokens, 0 for padding (float).</param>
    public Tensor Layer(int layer, Tensor hidden, Tensor mask)
    {
        using var scope = NewDisposeScope();
        string P(string t) => $"encoder.layer.{layer}.{t}";
        Tensor Dense(Tensor x, string name) => x.matmul(_tensors[P(name + ".weight")]) + _tensors[P(name + ".bias")];
        var batch = hidden.shape[0];
        var length = hidden.shape[1];
        var headSize = Hidden / Heads;
        Tensor Split(Tensor x) => x.reshape(batch, length, Heads, headSize).transpose(1, 2);
        var q = Split(Dense(hidden, "attention.self.query"));
        var k = Split(Dense(hidden, "attention.self.key"));
        var v = Split(Dense(hidden, "attention.self.value"));
        var scores = q.matmul(k.transpose(2, 3)) / Math.Sqrt(headSize);
        scores = scores + ((1 - mask) * -10000.0).reshape(batch, 1, 1, length);
        var context = scores.softmax(-1).matmul(v).transpose(1, 2).reshape(batch, length, Hidden);
        var attention = nn.functional.layer_norm(
            Dense(context, "attention.output.dense") + hidden, [Hidden], _tensors[P("attention.output.LayerNorm.weight")], _tensors[P("attention.output.LayerNorm.bias")], Epsilon);
        var intermediate = nn.functional.gelu(Dense(attention, "intermediate.dense"));
        var output = nn.functional.layer_norm(
            Dense(intermediate, "output.dense") + attention, [Hidden], _tensors[P("output.LayerNorm.weight")], _tensors[P("output.LayerNorm.bias")], Epsilon);
        return output.MoveToOuterDisposeScope();
    }

    /// <summary>Layers from..5 on the given hidden states, then mean pooling and L2 normalisation: [batch, 384].</summary>
    public Tensor Top(Tensor hidden, Tensor mask, int from)
    {
        var h = hidden;
        for (var layer = from; layer < Layers; layer++)
        {
            var next = Layer(layer, h, mask);
            if (!ReferenceEquals(h, hidden))
            {
                h.Dispose();
            }

            h = next;
        }

        return Pool(h, mask);
    }

    public static Tensor Pool(Tensor hidden, Tensor mask)
    {
        using var scope = NewDisposeScope();
        var m = mask.unsqueeze(-1);
        var mean = (hidden * m).sum(1) / m.sum(1).clamp_min(1e-9);
        return nn.functional.normalize(mean, p: 2, dim: 1).MoveToOuterDisposeScope();
    }

    /// <summary>The tuned tensors' values, by name (fp32, the graph's [in, out] layout).</summary>
    public float[] Values(string name) => _tensors[name].detach().contiguous().data<float>().ToArray();

    public void Dispose()
    {
        foreach (var t in _tensors.Values)
        {
            t.Dispose();
        }
    }
}
