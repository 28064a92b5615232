namespace EdgeSound.Trainer.Reports;

/// <summary>
/// One epoch of one training run: mean losses, accuracies in [0, 1], the learning rate used and the
/// epoch's wall time in seconds.
/// </summary>
public sealed record EpochRow(
    int Epoch,
    double TrainLoss,
    double TrainAccuracy,
    double ValLoss,
    double ValAccuracy,
    double LearningRate,
    double Seconds);
