using EdgeSound.Trainer.Models;
using EdgeSound.Trainer.Training;
using Xunit;
using static TorchSharp.torch;

namespace EdgeSound.Trainer.Tests.Training;

[Collection(TorchCollection.Name)]
public class DivergenceTests
{
    [Fact]
    public void A_learning_rate_that_sends_the_loss_to_nan_stops_training_naming_the_epoch_and_the_usual_cause()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        using var model = ModelFactory.Create(TinyTraining.Cnn(4));
        var options = new TrainingOptions { Epochs = 5, BatchSize = 4, Optimizer = OptimizerKind.Sgd, LearningRate = 1e12, WarmupEpochs = 0 };
        using var trainer = new ModelTrainer(model, options, TinyTraining.Builder.RowShape, 3, CPU);
        var epochs = new List<EpochStats>();

        var error = Assert.Throws<TrainingDivergedException>(() => trainer.Fit(TinyTraining.Sampler(), null, epochs.Add));

        Assert.Equal(epochs.Count + 1, error.Epoch);
        Assert.All(epochs, e => Assert.True(double.IsFinite(e.TrainLoss)));
        Assert.Contains($"Training diverged at epoch {error.Epoch}", error.Message);
        Assert.Contains("try a lower learning_rate in the sweep file", error.Message);
    }
}
