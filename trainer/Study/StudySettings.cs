using EdgeSound.Shared.Features;
using EdgeSound.Trainer.Training;

namespace EdgeSound.Trainer.Study;

/// <summary>
/// What a study runs. Fold <see cref="TestFold"/> is only ever scored, after every choice is made;
/// <see cref="CrossValidationFolds"/> rotate as the validation fold. Saved with the run so
/// <c>--resume</c> refuses to continue a run with different settings.
/// </summary>
public sealed record StudySettings
{
    public string Name { get; init; } = "study";
    public ulong Seed { get; init; } = 42;

    /// <summary>Trials drawn from each sweep file (the baseline reproductions are one fixed trial each).</summary>
    public int TrialsPerSweep { get; init; } = 4;

    public int Epochs { get; init; } = 100;
    public int TestFold { get; init; } = 1;
    public int[] CrossValidationFolds { get; init; } = [2, 3, 4, 5];

    /// <summary>Sweep files (names under trainer/sweeps without .yaml) in the order they run.</summary>
    public string[] Sweeps { get; init; } = ["arch1", "arch2-h1", "arch2-h2", "arch2-h4", "baseline-arch1", "baseline-arch2"];

    /// <summary>Window the models see: 128 frames of 20 ms = 2.56 s of audio, enough for one ESC event.</summary>
    public int WindowFrames { get; init; } = 128;

    /// <summary>Evaluation (and the device's default) hop: 25 frames = 0.5 s.</summary>
    public int HopFrames { get; init; } = 25;

    /// <summary>Keep at most this many clips per class per fold (a small subset for tests); null = all.</summary>
    public int? ClipsPerClassPerFold { get; init; }

    /// <summary>The features every model learns from; <c>--mel-bands</c> changes the band count only.</summary>
    public FeatureConfig Features { get; init; } = FeatureConfig.Default;

    /// <summary>
    /// Draw only models with at most this many trainable parameters (a device's budget: an int8 file
    /// holds about one byte per weight); null = no limit.
    /// </summary>
    public long? MaxTrainableParameters { get; init; }

    /// <summary>
    /// Weight averaging for every model: the decay of the moving average of its weights that it keeps
    /// (<see cref="Training.WeightAverage"/>); 0 = off, each model keeps its last step's weights.
    /// </summary>
    public double EmaDecay { get; init; }

    /// <summary>
    /// Earlier studies' sweep folders (RUN/SWEEP) whose models every model here learns from, fold by
    /// fold (<see cref="TeacherSet"/>); several teach as one, their probabilities averaged
    /// (<see cref="TeacherEnsemble"/>); empty = no teacher.
    /// </summary>
    public IReadOnlyList<string> Teachers { get; init; } = [];

    /// <summary>How a model learns from its teachers (used only with <see cref="Teachers"/>).</summary>
    public Distillation Distillation { get; init; } = Distillation.Default;

    public void Validate()
    {
        if (TrialsPerSweep < 1) throw new ArgumentException($"--trials must be >= 1 (got {TrialsPerSweep}).");
        if (Epochs < 1) throw new ArgumentException($"--epochs must be >= 1 (got {Epochs}).");
        if (CrossValidationFolds.Length < 2) throw new ArgumentException("Cross-validation needs at least two folds (--folds).");
        if (CrossValidationFolds.Contains(TestFold))
            throw new ArgumentException($"The test fold {TestFold} cannot also be a cross-validation fold (--folds {string.Join(",", CrossValidationFolds)}).");
        if (CrossValidationFolds.Distinct().Count() != CrossValidationFolds.Length) throw new ArgumentException("--folds lists a fold twice.");
        if (Sweeps.Length == 0) throw new ArgumentException("No sweeps to run.");
        if (WindowFrames < 16) throw new ArgumentException($"--window-frames must be >= 16 (got {WindowFrames}).");
        if (HopFrames < 1) throw new ArgumentException($"--hop-frames must be >= 1 (got {HopFrames}).");
        try { Features.Validate(); }
        catch (ArgumentException e) { throw new ArgumentException($"--mel-bands {Features.MelCount}: {e.Message}", e); }
        if (!(EmaDecay >= 0 && EmaDecay < 1)) throw new ArgumentException($"--ema-decay must be in [0, 1) (got {EmaDecay}); 0 switches weight averaging off.");
        if (Teachers.Count > 0) Distillation.Validate();
        if (Teachers.Select(Path.GetFullPath).Distinct().Count() != Teachers.Count) throw new ArgumentException("--teacher names a sweep folder twice.");
        if (MaxTrainableParameters < 1) throw new ArgumentException($"--max-parameters must be >= 1 (got {MaxTrainableParameters}).");
    }

    /// <summary>Named presets: <c>full</c> (the study), <c>quick</c> (minutes on real data), <c>demo</c> (a few minutes on
    /// the synthetic set), <c>ci</c> (a smoke run on a small subset).</summary>
    public static StudySettings Preset(string name) => name switch
    {
        "full" => new StudySettings { Name = "full" },
        "quick" => new StudySettings { Name = "quick", TrialsPerSweep = 1, Epochs = 15, Sweeps = ["arch1", "arch2-h4"] },
        "demo" => new StudySettings { Name = "demo", TrialsPerSweep = 1, Epochs = 8, Sweeps = ["arch1", "arch2-h4"] },
        "ci" => new StudySettings { Name = "ci", TrialsPerSweep = 2, Epochs = 2, Sweeps = ["arch1"], ClipsPerClassPerFold = 2 },
        _ => throw new ArgumentException($"Unknown preset '{name}': use full, quick, demo or ci."),
    };
}
