using System.Diagnostics;
using EdgeSound.Trainer.Models;
using EdgeSound.Trainer.Startup;
using TorchSharp;
using static TorchSharp.torch;

namespace EdgeSound.Benchmarks;

/// <summary>
/// Seconds per training epoch of the real trainer models (ModelFactory.Create) doing exactly the work
/// of tools/bench_train_epoch.py, its PyTorch peer: 15 AdamW steps on [32, 1, 64, 128] random inputs
/// with soft labels (forward, soft-label cross-entropy, backward, step, and the trainer's per-batch
/// loss/accuracy read-back), then the evaluation pass over 480 windows in eval mode under no_grad in
/// batches of 64 with the softmax copied to a host buffer. Median of the timed epochs after one warm-up.
/// </summary>
public static class EpochBenchmark
{
    // The study's geometry and schedule; the Python peer uses the same constants.
    private const int ClassCount = 10;
    private const int MelCount = 64;
    private const int WindowFrames = 128;
    private const int TrainBatch = 32;
    private const int StepsPerEpoch = 15;     // 240 training clips x 2 windows / 32
    private const int EvalWindows = 480;
    private const int EvalBatch = 64;
    private const double LearningRate = 1e-3;
    private const double WeightDecay = 1e-3;
    private const long Seed = 20240601;

    private static readonly Dictionary<string, ModelSpec> Specs = new()
    {
        ["arch1-logmel"] = ModelSpec.ForLogMel(Architecture.Cnn, ClassCount, MelCount, WindowFrames),
        ["arch2-logmel"] = ModelSpec.ForLogMel(Architecture.CnnTransformer, ClassCount, MelCount, WindowFrames) with { FeaturesLength = 64, NHeads = 4 },
    };

    /// <summary>Names accepted by <c>--model</c>, in the order they run by default.</summary>
    public static IReadOnlyList<string> ModelNames { get; } = ["arch1-logmel", "arch2-logmel"];

    /// <summary>Times every model the options name and writes one JSON line each to <paramref name="output"/>.</summary>
    public static void Run(EpochBenchmarkOptions options, TextWriter output, TextWriter warnings)
    {
        // libtorch as a study trains with it: these threads, ATen's convolutions instead of oneDNN's.
        TrainingRuntime.Prepare(options.Threads, "cpu", warnings);
        foreach (string name in options.Models)
        {
            output.WriteLine(Time(name, options).ToJsonLine());
            output.Flush();
        }
    }

    private static EpochTiming Time(string name, EpochBenchmarkOptions options)
    {
        torch.manual_seed(Seed);
        using var model = ModelFactory.Create(Specs[name]);
        using var optimizer = optim.AdamW(model.parameters(), LearningRate, weight_decay: WeightDecay);
        using var data = EpochData.Make(new Generator(Seed));
        using var evalProbs = empty(EvalWindows, ClassCount);

        RunEpoch(model, optimizer, data, evalProbs); // warm-up
        var seconds = new double[options.Epochs];
        double loss = 0;
        for (int e = 0; e < seconds.Length; e++)
        {
            long start = Stopwatch.GetTimestamp();
            loss = RunEpoch(model, optimizer, data, evalProbs);
            seconds[e] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        if (double.IsNaN(loss))
            throw new InvalidOperationException($"{name}: training loss became NaN; the timing would not be of a working model.");

        return new EpochTiming("torchsharp", $"TorchSharp {typeof(torch).Assembly.GetName().Version?.ToString(3)}, libtorch {torch.__version__}",
            name, options.Threads, ParameterCounts.Of(model).Trainable, StepsPerEpoch, EvalWindows, options.Epochs,
            Math.Round(Median(seconds), 4), seconds.Select(s => Math.Round(s, 4)).ToArray());
    }

    // ModelTrainer.TrainEpoch and ClipEvaluator's window pass, on prepared tensors; returns the mean loss.
    private static double RunEpoch(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, EpochData data, Tensor evalProbs)
    {
        model.train();
        double lossSum = 0;
        long right = 0, seen = 0;
        for (int step = 0; step < StepsPerEpoch; step++)
        {
            using var scope = NewDisposeScope();
            var inputs = data.TrainInputs.narrow(0, step * TrainBatch, TrainBatch);
            var targets = data.TrainTargets.narrow(0, step * TrainBatch, TrainBatch);
            optimizer.zero_grad();
            var logits = model.forward(inputs);
            var loss = -(targets * nn.functional.log_softmax(logits, 1)).sum(1).mean();
            loss.backward();
            optimizer.step();
            lossSum += loss.item<float>() * TrainBatch;
            right += logits.argmax(1).eq(targets.argmax(1)).sum().item<long>();
            seen += TrainBatch;
        }

        model.eval();
        using (no_grad())
        {
            for (int first = 0; first < EvalWindows; first += EvalBatch)
            {
                using var scope = NewDisposeScope();
                int count = Math.Min(EvalBatch, EvalWindows - first);
                var probs = nn.functional.softmax(model.forward(data.EvalInputs.narrow(0, first, count)), 1);
                evalProbs.narrow(0, first, count).copy_(probs);
            }
        }
        return lossSum / seen;
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    // Inputs and soft labels for one epoch's steps and the evaluation windows, made once outside timing.
    private sealed record EpochData(Tensor TrainInputs, Tensor TrainTargets, Tensor EvalInputs) : IDisposable
    {
        public static EpochData Make(Generator generator)
        {
            const int trainWindows = StepsPerEpoch * TrainBatch;
            var trainInputs = randn([trainWindows, 1, MelCount, WindowFrames], generator: generator);
            using var raw = randn([trainWindows, ClassCount], generator: generator);
            var trainTargets = softmax(raw.mul(2), 1);
            var evalInputs = randn([EvalWindows, 1, MelCount, WindowFrames], generator: generator);
            return new EpochData(trainInputs, trainTargets, evalInputs);
        }

        public void Dispose()
        {
            TrainInputs.Dispose();
            TrainTargets.Dispose();
            EvalInputs.Dispose();
        }
    }
}
