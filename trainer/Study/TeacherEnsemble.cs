using EdgeSound.Trainer.Export;
using EdgeSound.Trainer.Models;
using EdgeSound.Trainer.Training;
using static TorchSharp.torch;

namespace EdgeSound.Trainer.Study;

/// <summary>
/// The teachers of a distilling study: one earlier sweep (<see cref="TeacherSet"/>) or several,
/// which teach as one model, their probabilities averaged (<see cref="ProbabilityAverage"/>): models
/// that make different mistakes average into a more accurate model than any of them. Each sweep is
/// checked when the study starts, as one teacher is.
/// </summary>
public sealed class TeacherEnsemble
{
    private readonly IReadOnlyList<TeacherSet> _sets;

    /// <param name="sweepFolders">Earlier studies' sweep folders (RUN/SWEEP), at least one.</param>
    /// <param name="settings">The distilling study's settings (see <see cref="TeacherSet"/>).</param>
    /// <exception cref="ArgumentException">A folder is not a finished sweep of a study with the same folds and features (the message names it).</exception>
    public TeacherEnsemble(IReadOnlyList<string> sweepFolders, StudySettings settings)
    {
        if (sweepFolders.Count == 0) throw new ArgumentException("No teacher sweep given.", nameof(sweepFolders));
        _sets = sweepFolders.Select(folder => new TeacherSet(folder, settings)).ToList();
    }

    /// <summary>Loads every sweep's model for <paramref name="validationFold"/> (0: the finals) onto <paramref name="device"/>.</summary>
    /// <exception cref="InvalidDataException">A teacher reads other input than <paramref name="student"/> (the message names its card).</exception>
    public LoadedTeachers Load(int validationFold, ModelSpec student, Device device)
    {
        var loaded = new List<TrainedModel>();
        try
        {
            foreach (var set in _sets) loaded.Add(set.Load(validationFold, student, device));
            return new LoadedTeachers(loaded);
        }
        catch
        {
            foreach (var model in loaded) model.Dispose();
            throw;
        }
    }
}

/// <summary>The teacher models of one student, as one module; disposing frees them all.</summary>
public sealed class LoadedTeachers : IDisposable
{
    private readonly IReadOnlyList<TrainedModel> _models;

    internal LoadedTeachers(IReadOnlyList<TrainedModel> models)
    {
        _models = models;
        // One teacher is used as it is, so a one-teacher study trains exactly as it did before ensembles.
        Module = models.Count == 1 ? models[0].Module : new ProbabilityAverage([.. models.Select(m => m.Module)]);
    }

    /// <summary>The teacher's logits: the one model's, or the log of the models' mean probabilities.</summary>
    public nn.Module<Tensor, Tensor> Module { get; }

    public void Dispose()
    {
        foreach (var model in _models) model.Dispose();
    }
}
