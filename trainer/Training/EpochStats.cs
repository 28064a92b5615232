namespace EdgeSound.Trainer.Training;

/// <summary>What one epoch did: training loss/accuracy on its augmented batches, validation on clips.</summary>
public sealed record EpochStats(int Epoch, double TrainLoss, double TrainAccuracy, double ValidationLoss, double ValidationAccuracy, double LearningRate, double Seconds);
