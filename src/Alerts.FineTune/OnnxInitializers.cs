namespace Alerts.FineTune;

/// <summary>One initializer (weight tensor) of an ONNX graph and where its raw bytes sit in the model file.</summary>
internal sealed record OnnxInitializer(string Name, long[] Dims, int DataType, int RawOffset, int RawLength);

/// <summary>A graph node, enough to tell which initializer feeds which operator.</summary>
internal sealed record OnnxNode(string OpType, string Name, string[] Inputs, string[] Outputs);

/// <summary>
/// Reads the protobuf wire format of an ONNX model just far enough to list its initializers and nodes:
/// ModelProto.graph = 7; GraphProto.node = 1, initializer = 5; TensorProto dims = 1, data_type = 2, name = 8,
/// raw_data = 9, float_data = 4; NodeProto input = 1, output = 2, name = 3, op_type = 4.
/// </summary>
internal static class OnnxInitializers
{
    public static (List<OnnxInitializer> Initializers, List<OnnxNode> Nodes) Read(byte[] model)
    {
        var initializers = new List<OnnxInitializer>();
        var nodes = new List<OnnxNode>();
        foreach (var (field, start, length) in Fields(model, 0, model.Length))
        {
            if (field != 7)
            {
                continue;
            }

            foreach (var (gf, gs, gl) in Fields(model, start, start + length))
            {
                if (gf == 5)
                {
                    initializers.Add(Tensor(model, gs, gs + gl));
                }
                else if (gf == 1)
                {
                    nodes.Add(Node(model, gs, gs + gl));
                }
            }
        }

        return (initializers, nodes);
    }

    private static OnnxInitializer Tensor(byte[] b, int start, int end)
    {
        var dims = new List<long>();
        var dataType = 0;
        var name = string.Empty;
        int rawOffset = -1, rawLength = 0;
        var pos = start;
        while (pos < end)
        {
            var key = (int)Varint(b, ref pos);
            var field = key >> 3;
            var wire = key & 7;
            if (wire == 0)
            {
                var v = Varint(b, ref pos);
                if (field == 1)
                {
                    dims.Add((long)v);
                }
                else if (field == 2)
                {
                    dataType = (int)v;
                }
            }
            else if (wire == 2)
            {
                var len = (int)Varint(b, ref pos);
                if (field == 1)
                {
                    var p = pos;
                    while (p < pos + len)
                    {
                        dims.Add((long)Varint(b, ref p));
                    }
                }
                else if (field == 8)
                {
                    name = System.Text.Encoding.UTF8.GetString(b, pos, len);
                }
                else if (field == 9)
                {
                    rawOffset = pos;
                    rawLength = len;
                }
                else if (field == 4)
                {
                    // Packed float_data: the floats are stored in place, like raw_data.
                    rawOffset = pos;
                    rawLength = len;
                }

                pos += len;
            }
            else
            {
                pos = Skip(b, pos, wire);
            }
        }

        return new OnnxInitializer(name, [.. dims], dataType, rawOffset, rawLength);
    }

    private static OnnxNode Node(byte[] b, int start, int end)
    {
        var inputs = new List<string>();
        var outputs = new List<string>();
        string name = string.Empty, op = string.Empty;
        foreach (var (f, s, l) in Fields(b, start, end))
        {
            var text = System.Text.Encoding.UTF8.GetString(b, s, l);
            switch (f)
            {
                case 1: inputs.Add(text); break;
                case 2: outputs.Add(text); break;
                case 3: name = text; break;
                case 4: op = text; break;
            }
        }

        return new OnnxNode(op, name, [.. inputs], [.. outputs]);
    }

    /// <summary>The length-delimited fields between start and end; other wire types are skipped.</summary>
    private static IEnumerable<(int Field, int Start, int Length)> Fields(byte[] b, int start, int end)
    {
        var pos = start;
        while (pos < end)
        {
            var key = (int)Varint(b, ref pos);
            var wire = key & 7;
            if (wire == 2)
            {
                var len = (int)Varint(b, ref pos);
                yield return (key >> 3, pos, len);
                pos += len;
            }
            else
            {
                pos = Skip(b, pos, wire);
            }
        }
    }

    private static int Skip(byte[] b, int pos, int wire) => wire switch
    {
        0 => SkipVarint(b, pos),
        1 => pos + 8,
        5 => pos + 4,
        _ => throw new InvalidDataException($"wire type {wire} at {pos}"),
    };

    private static int SkipVarint(byte[] b, int pos)
    {
        Varint(b, ref pos);
        return pos;
    }

    private static ulong Varint(byte[] b, ref int pos)
    {
        ulong v = 0;
        var shift = 0;
        while (true)
        {
            var x = b[pos++];
            v |= (ulong)(x & 0x7f) << shift;
            if ((x & 0x80) == 0)
            {
                return v;
            }

            shift += 7;
        }
    }
}
