using EdgeSound.Trainer.Reports;
using EdgeSound.Trainer.Training;

namespace EdgeSound.Trainer.Study;

/// <summary>
/// For the in-process pass after the workers are done: it only reads finished models back to choose
/// and report, so it says nothing, and a model that would start training means a worker's result is
/// missing, which stops the study instead of quietly training in the coordinator.
/// </summary>
public sealed class FinishedModelsObserver : IStudyObserver
{
    public void Say(string message) { }

    public void ModelStarted(string label, int modelIndex, int modelCount, int epochs) =>
        throw new InvalidOperationException($"{label} has no result.json although the workers finished; run again with --resume.");

    public void EpochFinished(string label, EpochStats stats) { }

    public void ModelFinished(string label, FoldResult result, bool resumed) { }
}
