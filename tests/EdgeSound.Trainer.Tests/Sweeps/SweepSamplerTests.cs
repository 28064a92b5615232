using EdgeSound.Shared.Randomness;
using EdgeSound.Trainer.Sweeps;
using Xunit;

namespace EdgeSound.Trainer.Tests.Sweeps;

public class SweepSamplerTests
{
    private static readonly SweepDefinition Space = SweepFileParser.Parse(new StringReader("""
        method: random
        metric: {name: val_acc, goal: maximize}
        parameters:
          arch: {value: arch1}
          optimizer: {values: [sgd, adam, rmsprop]}
          dropout: {distribution: uniform, min: 0.1, max: 0.5}
          blocks: {distribution: int_uniform, min: 1, max: 3}
          lr: {distribution: log_uniform_values, min: 0.0001, max: 0.01}
          fc: {distribution: q_uniform, min: 32, max: 256, q: 32}
          step: {distribution: q_uniform, min: 0, max: 1, q: 0.1}
        """), "space.yaml");

    [Fact]
    public void SplitMix64_reproduces_the_reference_sequence()
    {
        // Reference outputs of SplitMix64 from seed 0 (Vigna's splitmix64.c; recomputed with Python ints).
        var rng = new SplitMix64(0);
        Assert.Equal(0xE220A8397B1DCDAFUL, rng.NextUInt64());
        Assert.Equal(0x6E789E6AA1B965F4UL, rng.NextUInt64());
        Assert.Equal(0x06C45D188009454FUL, rng.NextUInt64());
    }

    [Fact]
    public void The_same_seed_and_trial_give_the_same_configuration()
    {
        var a = new SweepSampler(Space, seed: 42);
        var b = new SweepSampler(Space, seed: 42);

        for (int trial = 1; trial <= 20; trial++) Assert.Equal(a.Sample(trial), b.Sample(trial));
        // Trial 7 does not depend on trials 1-6 having been drawn first (resume).
        Assert.Equal(a.Sample(7), new SweepSampler(Space, 42).Sample(7));
    }

    [Fact]
    public void Attempt_zero_is_the_trials_draw_and_later_attempts_are_other_seeded_draws()
    {
        var sampler = new SweepSampler(Space, seed: 42);

        Assert.Equal(sampler.Sample(3), sampler.Sample(3, attempt: 0));
        Assert.NotEqual(sampler.Sample(3)["dropout"], sampler.Sample(3, attempt: 1)["dropout"]);
        Assert.NotEqual(sampler.Sample(3, attempt: 1)["dropout"], sampler.Sample(3, attempt: 2)["dropout"]);
        Assert.Equal(sampler.Sample(3, attempt: 5), new SweepSampler(Space, seed: 42).Sample(3, attempt: 5));
    }

    [Fact]
    public void Different_seeds_or_trials_give_different_configurations()
    {
        var sampler = new SweepSampler(Space, seed: 42);
        Assert.NotEqual(sampler.Sample(1)["dropout"], sampler.Sample(2)["dropout"]);
        Assert.NotEqual(sampler.Sample(1)["dropout"], new SweepSampler(Space, seed: 43).Sample(1)["dropout"]);
    }

    [Fact]
    public void Samples_stay_in_range_cover_the_space_and_keep_file_order()
    {
        var sampler = new SweepSampler(Space, seed: 7);
        var optimizers = new HashSet<string>();
        var blocks = new HashSet<long>();
        var logLr = new List<double>();
        for (int trial = 1; trial <= 2000; trial++)
        {
            var config = sampler.Sample(trial);
            Assert.Equal(["arch", "optimizer", "dropout", "blocks", "lr", "fc", "step"], config.Keys);
            Assert.Equal("arch1", config["arch"]);
            optimizers.Add(Assert.IsType<string>(config["optimizer"]));
            Assert.InRange(Assert.IsType<double>(config["dropout"]), 0.1, 0.5);
            blocks.Add(Assert.IsType<long>(config["blocks"]));
            double lr = Assert.IsType<double>(config["lr"]);
            Assert.InRange(lr, 1e-4, 1e-2);
            logLr.Add(Math.Log10(lr));
            long fc = Assert.IsType<long>(config["fc"]);
            Assert.Equal(0, fc % 32);
            Assert.InRange(fc, 32, 256);
            double step = Assert.IsType<double>(config["step"]);
            Assert.Equal(Math.Round(step * 10), step * 10, 9);
        }

        Assert.Equal(["adam", "rmsprop", "sgd"], optimizers.Order());
        Assert.Equal([1L, 2L, 3L], blocks.Order()); // int_uniform includes both ends
        // log_uniform_values: log10(lr) uniform on [-4, -2], so mean -3 and a quarter of draws below -3.5.
        Assert.InRange(logLr.Average(), -3.05, -2.95);
        Assert.InRange(logLr.Count(x => x < -3.5) / 2000.0, 0.22, 0.28);
    }
}
