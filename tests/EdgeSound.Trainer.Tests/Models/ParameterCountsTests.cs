using EdgeSound.Trainer.Models;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using EdgeSound.Trainer.Tests;

namespace EdgeSound.Trainer.Tests.Models;

[Collection(TorchCollection.Name)]
public class ParameterCountsTests
{
    // Arch1 LogMel with base channels c, hidden width f, k classes:
    //   convs (no bias, 3x3): 9 * (1*c + c*2c + 2c*4c + 4c*8c) = 9 * (c + 42 c^2)
    //   BatchNorm gamma+beta: 2 * (c + 2c + 4c + 8c) = 30c; running mean+var: another 30c (non-trainable)
    //   fc: 8c*f + f; out: f*k + k
    private static (long Trainable, long NonTrainable) Arch1LogMelFormula(long c, long f, long k) =>
        (9 * (c + 42 * c * c) + 30 * c + 8 * c * f + f + f * k + k, 30 * c);

    [Theory]
    [InlineData(4, 8, 3)]
    [InlineData(16, 128, 10)]
    public void Arch1_log_mel_counts_equal_the_hand_computed_formula(int baseChannels, int fcSize, int classes)
    {
        var spec = ModelSpec.ForLogMel(Architecture.Cnn, classes, 64, 128) with { BaseChannels = baseChannels, FcSize = fcSize };
        using var model = ModelFactory.Create(spec);
        var (trainable, nonTrainable) = Arch1LogMelFormula(baseChannels, fcSize, classes);
        Assert.Equal(new ParameterCount(trainable, nonTrainable), ParameterCounts.Of(model));
    }

    [Fact]
    public void Default_arch1_log_mel_is_about_a_hundred_thousand_parameters()
    {
        using var model = ModelFactory.Create(ModelSpec.ForLogMel(Architecture.Cnn, 10, 64, 128));
        Assert.InRange(ParameterCounts.Of(model).Trainable, 80_000, 130_000);
    }

    [Theory]
    [InlineData(Architecture.Cnn)]
    [InlineData(Architecture.CnnTransformer)]
    public void Trainable_count_is_the_sum_of_parameters_that_require_grad(Architecture architecture)
    {
        var spec = SmallSpecs.Waveform(architecture);
        using var model = ModelFactory.Create(spec);
        long all = model.parameters().Sum(p => p.numel());
        Assert.Equal(all, ParameterCounts.Of(model).Trainable);

        // Freezing a layer moves exactly its elements to the non-trainable side.
        var before = ParameterCounts.Of(model);
        var frozen = model.parameters().First();
        frozen.requires_grad = false;
        var after = ParameterCounts.Of(model);
        Assert.Equal(all - frozen.numel(), after.Trainable);
        Assert.Equal(before.NonTrainable + frozen.numel(), after.NonTrainable);
        Assert.Equal(all - frozen.numel(), model.parameters().Where(p => p.requires_grad).Sum(p => p.numel()));
    }

    [Fact]
    public void Batch_counters_are_buffers_but_are_not_counted()
    {
        using var model = ModelFactory.Create(SmallSpecs.LogMel(Architecture.Cnn));
        var buffers = model.named_buffers().ToList();
        Assert.Equal(4, buffers.Count(b => b.name.EndsWith("num_batches_tracked")));
        long withoutCounters = buffers.Where(b => !b.name.EndsWith("num_batches_tracked")).Sum(b => b.buffer.numel());
        Assert.Equal(withoutCounters, ParameterCounts.Of(model).NonTrainable);
    }
}
