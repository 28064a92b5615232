namespace EdgeSound.Trainer.Reports;

/// <summary>The epoch log of one fold model (validation fold number and its rows), for the training-curve plots.</summary>
public sealed record FoldHistory(int ValidationFold, IReadOnlyList<EpochRow> Epochs);
