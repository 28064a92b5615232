using EdgeSound.Shared.Windowing;
using EdgeSound.Trainer.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace EdgeSound.Trainer.Training;

/// <summary>Scores an <see cref="EvaluationSet"/>: softmax per window, mean per clip (as the device does).</summary>
public static class ClipEvaluator
{
    public static ClipPredictions Evaluate(nn.Module<Tensor, Tensor> model, EvaluationSet set, long[] rowShape, int classCount, Device device, int batchSize)
    {
        model.eval();
        var windowProbs = new float[set.WindowCount * classCount];
        using (no_grad())
        {
            for (int first = 0; first < set.WindowCount; first += batchSize)
            {
                using var scope = NewDisposeScope();
                int count = Math.Min(batchSize, set.WindowCount - first);
                var shape = new long[rowShape.Length + 1];
                shape[0] = count;
                rowShape.CopyTo(shape, 1);
                var input = tensor(set.Inputs.AsSpan(first * set.RowLength, count * set.RowLength).ToArray(), shape).to(device);
                var probs = nn.functional.softmax(model.forward(input), 1).cpu();
                probs.data<float>().ToArray().CopyTo(windowProbs.AsSpan(first * classCount, count * classCount));
            }
        }

        var clipProbs = new float[set.Clips.Count * classCount];
        for (int c = 0; c < set.Clips.Count; c++)
        {
            int from = set.WindowOffsets[c], to = set.WindowOffsets[c + 1];
            ClipAggregator.MeanProbabilities(windowProbs.AsSpan(from * classCount, (to - from) * classCount), to - from, classCount,
                clipProbs.AsSpan(c * classCount, classCount));
        }
        return new ClipPredictions(set.Clips.Select(c => c.Name).ToArray(), set.Clips.Select(c => c.ClassIndex).ToArray(), clipProbs, classCount);
    }
}
