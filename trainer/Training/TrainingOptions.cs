using EdgeSound.Trainer.Data;

namespace EdgeSound.Trainer.Training;

public enum OptimizerKind { Sgd, Adam }

/// <summary>How one model is trained: epochs, batches, optimiser, schedule, augmentation.</summary>
public sealed record TrainingOptions
{
    public int Epochs { get; init; } = 100;
    public int BatchSize { get; init; } = 32;

    /// <summary>Random windows drawn per training clip per epoch.</summary>
    public int WindowsPerClip { get; init; } = 2;

    public double LearningRate { get; init; } = 1e-3;
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;

    /// <summary>Decoupled weight decay for Adam (AdamW), L2 for SGD.</summary>
    public double WeightDecay { get; init; } = 1e-3;

    /// <summary>SGD momentum (Nesterov).</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>Linear warm-up, then cosine decay towards zero over the remaining epochs.</summary>
    public int WarmupEpochs { get; init; } = 3;

    public AugmentationOptions Augmentation { get; init; } = new();

    /// <summary>
    /// Weight averaging: the trained model keeps an exponential moving average of its weights with this
    /// decay per step (<see cref="WeightAverage"/>); 0 keeps the last step's weights.
    /// </summary>
    public double EmaDecay { get; init; }

    /// <summary>How a student learns from a teacher model; null: no teacher, labels only.</summary>
    public Distillation? Distillation { get; init; }

    /// <summary>Windows per forward pass in evaluation.</summary>
    public int EvaluationBatchSize { get; init; } = 64;

    public void Validate()
    {
        if (Epochs < 1) throw new ArgumentException($"epochs must be >= 1 (got {Epochs}).");
        if (BatchSize < 2) throw new ArgumentException($"batch size must be >= 2 (BatchNorm needs it), got {BatchSize}.");
        if (WindowsPerClip < 1) throw new ArgumentException($"windows per clip must be >= 1 (got {WindowsPerClip}).");
        if (!(LearningRate > 0)) throw new ArgumentException($"learning rate must be > 0 (got {LearningRate}).");
        if (WeightDecay < 0) throw new ArgumentException($"weight decay must be >= 0 (got {WeightDecay}).");
        if (WarmupEpochs < 0) throw new ArgumentException($"warm-up epochs must be >= 0 (got {WarmupEpochs}).");
        Distillation?.Validate();
        if (!(EmaDecay >= 0 && EmaDecay < 1)) throw new ArgumentException($"EMA decay must be in [0, 1) (got {EmaDecay}).");
        if (!(Augmentation.FilterGainDb >= 0) || double.IsInfinity(Augmentation.FilterGainDb))
            throw new ArgumentException($"filter_gain_db must be a finite number >= 0 (got {Augmentation.FilterGainDb}).");
        if (!(Augmentation.SpeedChange >= 0 && Augmentation.SpeedChange <= SpeedPerturbation.MaxChange))
            throw new ArgumentException($"speed_change must be in [0, {SpeedPerturbation.MaxChange}] (got {Augmentation.SpeedChange}).");
    }

    /// <summary>The learning rate for a 0-based epoch: linear warm-up, then cosine to zero.</summary>
    public double LearningRateAt(int epoch)
    {
        int warmup = Math.Min(WarmupEpochs, Epochs - 1);
        if (epoch < warmup) return LearningRate * (epoch + 1) / (warmup + 1);
        int decay = Epochs - warmup;
        double progress = (epoch - warmup) / (double)decay; // < 1, so the last epoch still learns a little
        return LearningRate * 0.5 * (1 + Math.Cos(Math.PI * progress));
    }
}
