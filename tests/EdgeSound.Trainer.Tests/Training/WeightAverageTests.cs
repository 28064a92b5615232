using EdgeSound.Trainer.Models;
using EdgeSound.Trainer.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace EdgeSound.Trainer.Tests.Training;

[Collection(TorchCollection.Name)]
public class WeightAverageTests
{
    private static float[] Values(Tensor t) => t.detach().cpu().to(float32).data<float>().ToArray();

    [Fact]
    public void An_update_moves_the_average_towards_the_live_weights_by_the_warming_decay()
    {
        using var scope = NewDisposeScope();
        using var layer = nn.Linear(2, 1);
        using (no_grad())
        {
            layer.weight!.copy_(tensor(new float[,] { { 1f, 2f } }));
            layer.bias!.copy_(tensor(new[] { 4f }));
        }
        using var average = new WeightAverage(layer, decay: 0.999);
        using (no_grad())
        {
            layer.weight!.copy_(tensor(new float[,] { { 11f, 22f } }));
            layer.bias!.copy_(tensor(new[] { 24f }));
        }

        average.Update(); // first update: decay (1 + 0) / (10 + 0) = 0.1
        average.CopyInto();

        Assert.Equal([0.1f * 1 + 0.9f * 11, 0.1f * 2 + 0.9f * 22], Values(layer.weight!), new FloatTolerance(1e-5f));
        Assert.Equal(0.1f * 4 + 0.9f * 24, Values(layer.bias!)[0], 1e-5f);
    }

    [Fact]
    public void The_decay_warms_up_and_then_stays_at_the_set_value()
    {
        using var layer = nn.Linear(2, 1);
        using var average = new WeightAverage(layer, decay: 0.99);
        Assert.Equal(0.1, average.DecayAt(0), 12);
        Assert.Equal(11.0 / 20, average.DecayAt(10), 12);
        Assert.Equal(0.99, average.DecayAt(1_000_000), 12);
    }

    [Fact]
    public void Swap_twice_restores_the_live_weights_and_counters_are_copied_not_averaged()
    {
        using var scope = NewDisposeScope();
        using var norm = nn.BatchNorm1d(3);
        using var average = new WeightAverage(norm, decay: 0.5);
        norm.train();
        norm.forward(randn(8, 3) * 5 + 2); // moves the running statistics and counts one batch
        var live = Values(norm.running_mean!);
        average.Update();

        average.Swap();
        var averaged = Values(norm.running_mean!);
        Assert.NotEqual(live, averaged);
        Assert.Equal(1L, norm.num_batches_tracked!.item<long>()); // the counter was copied
        average.Swap();
        Assert.Equal(live, Values(norm.running_mean!));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void A_decay_outside_zero_to_one_is_refused(double decay)
    {
        using var layer = nn.Linear(2, 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => new WeightAverage(layer, decay));
        Assert.Contains("EMA decay", Assert.Throws<ArgumentException>(new TrainingOptions { EmaDecay = decay }.Validate).Message);
    }

    [Fact]
    public void Averaging_leaves_the_training_steps_unchanged_and_the_model_ends_holding_the_average()
    {
        var builder = TinyTraining.Builder;

        (List<double> Losses, float[] Weights) Train(double emaDecay)
        {
            using var scope = NewDisposeScope();
            manual_seed(5);
            using var model = ModelFactory.Create(TinyTraining.Cnn(4));
            var options = new TrainingOptions { Epochs = 3, BatchSize = 4, EmaDecay = emaDecay };
            using var trainer = new ModelTrainer(model, options, builder.RowShape, 3, CPU);
            var losses = new List<double>();
            trainer.Fit(TinyTraining.Sampler(), null, e => losses.Add(e.TrainLoss));
            return (losses, model.parameters().SelectMany(Values).ToArray());
        }

        var last = Train(0);
        var averaged = Train(0.9);

        Assert.Equal(last.Losses, averaged.Losses);
        Assert.NotEqual(last.Weights, averaged.Weights);
    }

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(float obj) => 0;
    }
}
