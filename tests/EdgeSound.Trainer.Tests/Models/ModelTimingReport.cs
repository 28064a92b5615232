using System.Diagnostics;
using EdgeSound.Trainer.Models;
using TorchSharp;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace EdgeSound.Trainer.Tests.Models;

/// <summary>
/// Forward + backward time per batch of 32 at two threads, for the report. Opt-in
/// (EDGESOUND_TIMING=1, Release) because it takes tens of seconds.
/// </summary>
[Collection(TorchCollection.Name)]
public class ModelTimingReport(ITestOutputHelper output)
{
    private const int Batch = 32, Warmup = 3, Timed = 10;

    public static TheoryData<string> Configs() => ["Arch1 LogMel 64x128", "Arch2 LogMel 64x128 h4 d64", "Arch1 Waveform 40960"];

    private static ModelSpec SpecFor(string name) => name switch
    {
        "Arch1 LogMel 64x128" => ModelSpec.ForLogMel(Architecture.Cnn, 10, 64, 128),
        "Arch2 LogMel 64x128 h4 d64" => ModelSpec.ForLogMel(Architecture.CnnTransformer, 10, 64, 128) with { FeaturesLength = 64, NHeads = 4 },
        "Arch1 Waveform 40960" => ModelSpec.ForWaveform(Architecture.Cnn, 10, 40960),
        _ => throw new ArgumentException(name),
    };

    [SkippableTheory]
    [MemberData(nameof(Configs))]
    public void Forward_and_backward_time_per_batch_of_32(string name)
    {
        Skip.IfNot(Environment.GetEnvironmentVariable("EDGESOUND_TIMING") == "1", "set EDGESOUND_TIMING=1 to measure");
        torch.set_num_threads(2);
        manual_seed(1);
        var spec = SpecFor(name);
        using var model = ModelFactory.Create(spec);
        model.train();
        var input = randn(spec.InputShape(Batch));
        var labels = randint(0, spec.ClassCount, [Batch]);
        var lossFunction = nn.CrossEntropyLoss();
        var times = new List<double>();
        for (int i = 0; i < Warmup + Timed; i++)
        {
            using var scope = NewDisposeScope();
            model.zero_grad();
            var clock = Stopwatch.StartNew();
            var loss = lossFunction.forward(model.forward(input), labels);
            loss.backward();
            clock.Stop();
            Assert.True(float.IsFinite(loss.item<float>()));
            if (i >= Warmup) times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        var counts = ParameterCounts.Of(model);
        output.WriteLine($"{name}: {counts.Trainable} trainable + {counts.NonTrainable} non-trainable; " +
                         $"fwd+bwd batch {Batch}: median {times[Timed / 2]:F1} ms, min {times[0]:F1} ms, max {times[^1]:F1} ms");
        Assert.All(times, t => Assert.True(t > 0));
    }
}
