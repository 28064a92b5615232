namespace EdgeSound.Trainer.Reports;

/// <summary>
/// What one cross-validation fold model achieved: its final training and validation loss/accuracy on
/// its own split, and its accuracy on the held-out test fold (fold 1). Accuracies in [0, 1].
/// </summary>
public sealed record FoldOutcome(
    int ValidationFold,
    double TrainLoss,
    double TrainAccuracy,
    double ValLoss,
    double ValAccuracy,
    double TestAccuracy);
