namespace EdgeSound.Trainer.Study;

/// <summary>
/// One model of a study's plan: a trial's cross-validation fold model, or a sweep's final model.
/// Its <see cref="Key"/> (<c>sweep/trial/fold-N</c> or <c>sweep/final</c>) names it to a worker
/// process; it is finished when <see cref="ResultPath"/> exists, exactly as <c>--resume</c> decides.
/// </summary>
/// <param name="Key">Stable name of the job, free of white space (it travels in a line protocol).</param>
/// <param name="Label">What progress shows; a final's label gains its chosen trial once it runs.</param>
/// <param name="Folder">The model's folder in the run.</param>
/// <param name="DependsOn">Keys of the jobs that must be finished first (a final needs every fold model of its sweep).</param>
public sealed record StudyJob(string Key, string Label, string Folder, IReadOnlyList<string> DependsOn)
{
    /// <summary>The model's result.json: its presence means the job is done.</summary>
    public string ResultPath => Path.Combine(Folder, ModelRun.ResultFile);
}
