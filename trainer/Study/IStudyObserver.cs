using EdgeSound.Trainer.Training;
using EdgeSound.Trainer.Reports;

namespace EdgeSound.Trainer.Study;

/// <summary>What a study tells the person watching it; the console shows it as bars or log lines.</summary>
public interface IStudyObserver
{
    /// <summary>A plain message (dataset found, stage started, results written).</summary>
    void Say(string message);

    /// <summary>A model started training: <paramref name="modelIndex"/> of <paramref name="modelCount"/> in the study.</summary>
    void ModelStarted(string label, int modelIndex, int modelCount, int epochs);

    /// <summary>An epoch of the model <paramref name="label"/> finished (with worker processes, several models train at once).</summary>
    void EpochFinished(string label, EpochStats stats);

    /// <summary>The model <paramref name="label"/> finished (or was found finished by --resume).</summary>
    void ModelFinished(string label, FoldResult result, bool resumed);
}
