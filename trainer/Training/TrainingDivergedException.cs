using System.Globalization;

namespace EdgeSound.Trainer.Training;

/// <summary>
/// A model's training loss stopped being a number (most often a learning rate too high for the
/// model, which a sweep can draw). Thrown at the end of the epoch it happened in, instead of failing
/// later on NaN scores: a study records a diverged fold model and leaves its trial out of the choice;
/// a diverged final model stops the study, naming it.
/// </summary>
public sealed class TrainingDivergedException(int epoch, double loss, double learningRate)
    : InvalidOperationException(Describe(epoch, loss, learningRate))
{
    /// <summary>The 1-based epoch whose loss was not finite.</summary>
    public int Epoch { get; } = epoch;

    private static string Describe(int epoch, double loss, double learningRate) => string.Create(CultureInfo.InvariantCulture,
        $"Training diverged at epoch {epoch}: the mean training loss is {loss} (learning rate {learningRate:g3}). A learning rate too high for the model is the usual cause: try a lower learning_rate in the sweep file.");
}
