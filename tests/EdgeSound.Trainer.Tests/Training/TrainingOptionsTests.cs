using EdgeSound.Trainer.Training;
using Xunit;

namespace EdgeSound.Trainer.Tests.Training;

public class TrainingOptionsTests
{
    [Fact]
    public void Learning_rate_warms_up_linearly_then_decays_by_cosine_without_reaching_zero()
    {
        var options = new TrainingOptions { Epochs = 10, WarmupEpochs = 3, LearningRate = 0.01 };
        // Warm-up: lr * (e+1)/(w+1) for e < 3.
        Assert.Equal(0.0025, options.LearningRateAt(0), 12);
        Assert.Equal(0.0075, options.LearningRateAt(2), 12);
        // Cosine over the remaining 7 epochs: epoch 3 is the peak, then half-cosine.
        Assert.Equal(0.01, options.LearningRateAt(3), 12);
        Assert.Equal(0.01 * 0.5 * (1 + Math.Cos(Math.PI * 3 / 7.0)), options.LearningRateAt(6), 12);
        Assert.True(options.LearningRateAt(9) > 0);
        for (int e = 4; e < 10; e++) Assert.True(options.LearningRateAt(e) < options.LearningRateAt(e - 1));
    }

    [Fact]
    public void A_single_epoch_run_trains_at_the_full_rate()
    {
        Assert.Equal(0.003, new TrainingOptions { Epochs = 1, LearningRate = 0.003 }.LearningRateAt(0), 12);
    }

    [Theory]
    [InlineData(0, 32, 1, 0.001, "epochs")]
    [InlineData(10, 1, 1, 0.001, "batch size")]
    [InlineData(10, 32, 0, 0.001, "windows per clip")]
    [InlineData(10, 32, 1, 0.0, "learning rate")]
    public void Impossible_options_are_rejected_by_name(int epochs, int batch, int windows, double lr, string named)
    {
        var options = new TrainingOptions { Epochs = epochs, BatchSize = batch, WindowsPerClip = windows, LearningRate = lr };
        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains(named, error.Message);
    }
}
