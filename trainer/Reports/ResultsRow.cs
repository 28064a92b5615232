namespace EdgeSound.Trainer.Reports;

/// <summary>
/// One line of the study's results table: a trial (or the baseline) with its hyperparameters, the
/// cross-validation averages, the test accuracies and the model size. Accuracies are in [0, 1];
/// a null value is "not measured" (e.g. the baseline has only its reported test accuracy).
/// </summary>
public sealed record ResultsRow
{
    /// <summary>Run name, e.g. <c>polished-sweep-2</c> or <c>baseline CNN</c>.</summary>
    public required string RunName { get; init; }

    /// <summary>The trial's configuration in sweep-file order (empty for a baseline).</summary>
    public IReadOnlyDictionary<string, object> Hyperparameters { get; init; } = new Dictionary<string, object>();

    /// <summary>Mean validation loss over the fold models.</summary>
    public double? AverageValLoss { get; init; }

    /// <summary>Mean validation accuracy over the fold models (the sweep's selection metric).</summary>
    public double? AverageValAccuracy { get; init; }

    /// <summary>Mean training loss over the fold models.</summary>
    public double? AverageTrainLoss { get; init; }

    /// <summary>Mean training accuracy over the fold models.</summary>
    public double? AverageTrainAccuracy { get; init; }

    /// <summary>
    /// The baseline's optimistic test figure: the best test-fold accuracy among the fold models.
    /// Choosing the best of four on the test fold is a choice made on test data, so it overstates.
    /// </summary>
    public double? BestTestAccuracyOptimistic { get; init; }

    /// <summary>Test-fold macro F1 of the same fold model as <see cref="BestTestAccuracyOptimistic"/> (so just as optimistic).</summary>
    public double? BestTestMacroF1Optimistic { get; init; }

    /// <summary>Test accuracy of the winner retrained on all of folds 2-5 (the honest figure), when run.</summary>
    public double? RetrainedTestAccuracy { get; init; }

    /// <summary>Test-fold macro F1 of the retrained winner, when run.</summary>
    public double? RetrainedMacroF1 { get; init; }

    /// <summary>Trainable parameter count.</summary>
    public long? TrainableParameters { get; init; }

    /// <summary>Non-trainable parameter count (e.g. BatchNorm running statistics).</summary>
    public long? NonTrainableParameters { get; init; }

    /// <summary>The validation folds whose model's training diverged, e.g. "fold 3" (null: every fold model trained; then it has no averages).</summary>
    public string? Diverged { get; init; }

    /// <summary>
    /// Builds a row from a trial's fold models: averages of train/val loss and accuracy, and the
    /// optimistic best test accuracy over the folds with that fold model's macro F1 (ties: the first).
    /// A trial with a diverged fold model gets no averages, only <see cref="Diverged"/>.
    /// </summary>
    public static ResultsRow FromFolds(string runName, IReadOnlyDictionary<string, object> hyperparameters, IReadOnlyList<FoldResult> folds)
    {
        if (folds.Count == 0) throw new ArgumentException($"run '{runName}' has no fold results to summarise", nameof(folds));
        var diverged = folds.Where(f => f.Diverged is not null).Select(f => f.Fold).ToList();
        if (diverged.Count > 0)
            return new ResultsRow { RunName = runName, Hyperparameters = hyperparameters, Diverged = $"fold{(diverged.Count > 1 ? "s" : "")} {string.Join(", ", diverged)}" };
        var bestOnTest = folds.MaxBy(f => f.TestAccuracy)!;
        return new ResultsRow
        {
            RunName = runName,
            Hyperparameters = hyperparameters,
            AverageValLoss = folds.Average(f => f.ValidationLoss),
            AverageValAccuracy = folds.Average(f => f.ValidationAccuracy),
            AverageTrainLoss = folds.Average(f => f.TrainLoss),
            AverageTrainAccuracy = folds.Average(f => f.TrainAccuracy),
            BestTestAccuracyOptimistic = bestOnTest.TestAccuracy,
            BestTestMacroF1Optimistic = bestOnTest.TestMacroF1,
        };
    }
}
