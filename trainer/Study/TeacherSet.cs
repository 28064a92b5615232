using EdgeSound.Trainer.Export;
using EdgeSound.Trainer.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace EdgeSound.Trainer.Study;

/// <summary>
/// The teacher models of a distilling study: a sweep of an earlier study run, fold by fold. A student
/// validated on fold k learns from the teacher's fold-k model, which never saw fold k either, so the
/// student's validation stays honest; the final student learns from the teacher's final model.
/// Everything is checked when the study starts: the folders, the folds, the features and the window.
/// </summary>
public sealed class TeacherSet
{
    private readonly string _sweepFolder;
    private readonly string _trial;

    /// <summary>The sweep folder (RUN/SWEEP) as given, made absolute.</summary>
    public string SweepFolder => _sweepFolder;

    /// <param name="sweepFolder">An earlier study's sweep folder (RUN/SWEEP) whose final model is trained.</param>
    /// <param name="settings">The distilling study's settings: its test and cross-validation folds must be the teacher run's.</param>
    /// <exception cref="ArgumentException">The folder is not a finished sweep of a study with the same folds and features (the message names the file).</exception>
    public TeacherSet(string sweepFolder, StudySettings settings)
    {
        _sweepFolder = Path.GetFullPath(sweepFolder);
        var layout = new StudyLayout(Path.GetDirectoryName(_sweepFolder)!);
        var sweep = Path.GetFileName(_sweepFolder);
        var finalCard = Path.Combine(layout.FinalFolder(sweep), FinalModelCard.FileName);
        if (!File.Exists(finalCard))
            throw new ArgumentException($"--teacher {sweepFolder}: {finalCard} does not exist; give a sweep folder (RUN/SWEEP) of a finished study.");
        _trial = FinalModelCard.Load(finalCard).Trial;
        CheckSameProtocol(layout.SettingsFile, settings, sweepFolder);
        foreach (int fold in settings.CrossValidationFolds.Append(0))
        {
            var weights = Path.Combine(Folder(fold), ModelRun.ModelFile);
            if (!File.Exists(weights))
                throw new ArgumentException($"--teacher {sweepFolder}: {weights} does not exist (studies before 2026-11-25 kept only final models' weights: train the teacher sweep again).");
        }
    }

    /// <summary>The teacher's model folder for a student validated on <paramref name="validationFold"/> (0: the final model).</summary>
    public string Folder(int validationFold) =>
        validationFold == 0 ? Path.Combine(_sweepFolder, "final") : Path.Combine(_sweepFolder, _trial, $"fold-{validationFold}");

    /// <summary>Loads the teacher for <paramref name="validationFold"/> onto <paramref name="device"/>, in eval mode.</summary>
    /// <exception cref="InvalidDataException">The teacher reads other input than <paramref name="student"/> (the message names its card).</exception>
    public TrainedModel Load(int validationFold, ModelSpec student, Device device)
    {
        var teacher = TrainedModel.Load(Folder(validationFold));
        var spec = teacher.Card.Model;
        if (spec.InputKind != student.InputKind || spec.MelCount != student.MelCount || spec.WindowFrames != student.WindowFrames || spec.WindowSamples != student.WindowSamples)
        {
            teacher.Dispose();
            throw new InvalidDataException($"{teacher.CardPath}: the teacher reads {Describe(spec)} but the student reads {Describe(student)}; both must see the same windows.");
        }
        teacher.Module.to(device);
        return teacher;
    }

    private static string Describe(ModelSpec spec) =>
        $"{spec.InputKind} input ({spec.MelCount} mel bands x {spec.WindowFrames} frames, {spec.WindowSamples} samples)";

    private static void CheckSameProtocol(string settingsFile, StudySettings settings, string given)
    {
        if (!File.Exists(settingsFile))
            throw new ArgumentException($"--teacher {given}: {settingsFile} does not exist; give a sweep folder (RUN/SWEEP) of a study run.");
        var (testFold, folds, features, windowFrames) = StudySettingsFile.ReadProtocol(settingsFile);
        if (testFold != settings.TestFold || !folds.SequenceEqual(settings.CrossValidationFolds))
            throw new ArgumentException($"--teacher {given}: {settingsFile} tests on fold {testFold} with cross-validation folds {string.Join(",", folds)}, " +
                                        $"this study on fold {settings.TestFold} with {string.Join(",", settings.CrossValidationFolds)}: a teacher must never have seen the student's validation fold.");
        if (features != settings.Features.Hash || windowFrames != settings.WindowFrames)
            throw new ArgumentException($"--teacher {given}: {settingsFile} was trained on other features or windows (features {features}, {windowFrames} frames) than this study ({settings.Features.Hash}, {settings.WindowFrames}).");
    }
}
