using EdgeSound.Trainer.Sweeps;
using Xunit;

namespace EdgeSound.Trainer.Tests.Sweeps;

public class SizeBoundedSamplerTests
{
    private static SweepDefinition Sweep(string parameters) => SweepFileParser.Parse(new StringReader($$"""
        method: random
        metric: {name: val_acc, goal: maximize}
        parameters:
        {{parameters}}
        """), "device.yaml");

    private static readonly SweepDefinition Widths = Sweep("  width: {values: [8, 16, 32, 64, 128]}\n  dropout: {distribution: uniform, min: 0.1, max: 0.5}");

    // A stand-in for building the model: its size grows with the square of the width.
    private static long Size(IReadOnlyDictionary<string, object> config) => 100L * (long)config["width"] * (long)config["width"];

    [Fact]
    public void Every_trial_fits_the_budget_and_the_draws_are_reproducible()
    {
        var bounded = new SizeBoundedSampler(new SweepSampler(Widths, seed: 7), maxTrainableParameters: 30_000, Size);

        var trials = Enumerable.Range(1, 30).Select(i => bounded.Sample(i, "device.yaml")).ToList();

        Assert.All(trials, config => Assert.True(Size(config) <= 30_000, $"width {config["width"]} is over the budget"));
        Assert.Contains(trials, config => (long)config["width"] == 16); // not just the smallest width
        var again = new SizeBoundedSampler(new SweepSampler(Widths, seed: 7), 30_000, Size);
        Assert.Equal(trials, Enumerable.Range(1, 30).Select(i => again.Sample(i, "device.yaml")));
    }

    [Fact]
    public void A_trial_whose_first_draw_fits_is_the_unbounded_sweeps_trial()
    {
        var unbounded = new SweepSampler(Widths, seed: 7);
        var bounded = new SizeBoundedSampler(new SweepSampler(Widths, seed: 7), long.MaxValue, Size);

        for (int i = 1; i <= 10; i++) Assert.Equal(unbounded.Sample(i), bounded.Sample(i, "device.yaml"));
    }

    [Fact]
    public void A_budget_no_draw_can_meet_names_the_sweep_the_budget_and_the_smallest_size()
    {
        var bounded = new SizeBoundedSampler(new SweepSampler(Widths, seed: 7), maxTrainableParameters: 1_000, Size);

        var error = Assert.Throws<ArgumentException>(() => bounded.Sample(1, "trainer/sweeps/device.yaml"));

        Assert.Contains("trainer/sweeps/device.yaml", error.Message);
        Assert.Contains("--max-parameters 1000", error.Message);
        Assert.Contains("the smallest had 6400 trainable parameters", error.Message);
    }

    [Fact]
    public void A_sweep_of_constants_is_judged_on_its_one_configuration()
    {
        int counted = 0;
        var constant = Sweep("  width: {value: 64}");
        var bounded = new SizeBoundedSampler(new SweepSampler(constant, seed: 7), 1_000, config => { counted++; return Size(config); });

        var error = Assert.Throws<ArgumentException>(() => bounded.Sample(1, "baseline.yaml"));

        Assert.Equal(1, counted);
        Assert.Contains("none of 1 draw(s)", error.Message);
    }
}
