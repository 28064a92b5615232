using EdgeSound.Shared.Features;
using EdgeSound.Trainer.Data;
using EdgeSound.Trainer.Models;
using EdgeSound.Trainer.Study;
using EdgeSound.Trainer.Sweeps;
using Xunit;

namespace EdgeSound.Trainer.Tests.Sweeps;

/// <summary>The follow-up sweeps of docs/results hold the models the results describe.</summary>
[Collection(TorchCollection.Name)]
public class ShippedSweepsTests
{
    [Theory]
    [InlineData("arch2-wide", 139_930)]
    [InlineData("half-arch2", 58_786)]
    [InlineData("half-arch1", 61_758)]
    public void A_follow_up_sweep_is_one_configuration_of_the_documented_size(string sweep, long weights)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "sweeps", sweep + ".yaml");
        var sampler = new SweepSampler(SweepFileParser.ParseFile(path), seed: 1);
        var geometry = new WindowGeometry(FeatureConfig.Default, windowFrames: 128, hopFrames: 25);

        var trial = TrialConfig.From(sweep, sampler.Sample(1), geometry, classCount: 10, epochs: 100, path);
        using var model = ModelFactory.Create(trial.Model);

        Assert.True(sampler.DrawsOneConfiguration);
        Assert.Equal(weights, ParameterCounts.Of(model).Trainable);
    }
}
