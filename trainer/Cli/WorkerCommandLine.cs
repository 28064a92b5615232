using System.Diagnostics;
using System.Globalization;
using EdgeSound.Shared.Data;
using EdgeSound.Trainer.Data;
using EdgeSound.Trainer.Study;

namespace EdgeSound.Trainer.Cli;

/// <summary>
/// How the coordinator starts a worker: this same program, <c>study</c> with the study's own settings
/// written back as options, plus <c>--resume --worker</c>. The worker checks them against the run's
/// study.json, so a worker that would train other numbers stops at once.
/// </summary>
public static class WorkerCommandLine
{
    /// <summary>The program's file name without extension; its apphost carries this name.</summary>
    public const string ProgramName = "edgesound-trainer";

    /// <summary>A start description of one worker process.</summary>
    /// <exception cref="ArgumentException">The settings are not a preset plus command-line overrides, so a worker could not rebuild them.</exception>
    public static ProcessStartInfo For(StudySettings settings, LocatedDataset located, string sweepFolder, string runRoot, string device, int threads)
    {
        var (program, prefix) = Program();
        var start = new ProcessStartInfo(program);
        foreach (var argument in prefix.Concat(Arguments(settings, located, sweepFolder, runRoot, device, threads))) start.ArgumentList.Add(argument);
        return start;
    }

    /// <summary>
    /// This program: its apphost when that is what runs (a published build, <c>dotnet run</c>); otherwise
    /// (a test host, <c>dotnet edgesound-trainer.dll</c>) the dotnet host with the trainer's assembly.
    /// </summary>
    public static (string Program, IReadOnlyList<string> Prefix) Program()
    {
        var current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current) == ProgramName) return (current, []);
        var host = current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet"
            ? current
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } fromSdk ? fromSdk : "dotnet";
        return (host, [typeof(WorkerCommandLine).Assembly.Location]);
    }

    /// <summary>The <c>study</c> arguments that make a worker plan exactly the coordinator's study.</summary>
    public static IReadOnlyList<string> Arguments(StudySettings settings, LocatedDataset located, string sweepFolder, string runRoot, string device, int threads)
    {
        CheckExpressible(settings);
        var args = new List<string>
        {
            "study", "--preset", settings.Name,
            "--trials", Text(settings.TrialsPerSweep),
            "--epochs", Text(settings.Epochs),
            "--folds", string.Join(",", settings.CrossValidationFolds.Select(Text)),
            "--sweeps", string.Join(",", settings.Sweeps),
            "--seed", settings.Seed.ToString(CultureInfo.InvariantCulture),
            "--window-frames", Text(settings.WindowFrames),
            "--hop-frames", Text(settings.HopFrames),
            "--mel-bands", Text(settings.Features.MelCount),
            "--sweep-folder", Path.GetFullPath(sweepFolder),
            "--out", Path.GetFullPath(runRoot),
            "--device", device,
            "--threads", Text(threads),
            "--resume", "--worker",
        };
        if (settings.ClipsPerClassPerFold is { } k) args.AddRange(["--clips-per-class-per-fold", Text(k)]);
        if (settings.MaxTrainableParameters is { } budget) args.AddRange(["--max-parameters", budget.ToString(CultureInfo.InvariantCulture)]);
        if (settings.EmaDecay > 0) args.AddRange(["--ema-decay", Text(settings.EmaDecay)]);
        foreach (var teacher in settings.Teachers) args.AddRange(["--teacher", Path.GetFullPath(teacher)]);
        if (settings.Teachers.Count > 0)
            args.AddRange(["--distill-weight", Text(settings.Distillation.Weight), "--distill-temperature", Text(settings.Distillation.Temperature)]);
        // The synthetic set is found again the way the coordinator found it (same environment and folder);
        // a real dataset is named outright.
        if (!located.IsSynthetic)
        {
            var index = located.Index;
            bool esc50Layout = File.Exists(Path.Combine(index.Root, Esc50DatasetReader.MetadataRelativePath));
            args.AddRange(["--data", index.Root, "--subset", SubsetOption.Name(esc50Layout && index.Classes.Count == Esc50DatasetReader.Esc50ClassCount ? EscSubset.Esc50 : EscSubset.Esc10)]);
        }
        return args;
    }

    private static void CheckExpressible(StudySettings settings)
    {
        StudySettings preset;
        try { preset = StudySettings.Preset(settings.Name); }
        catch (ArgumentException) { throw new ArgumentException($"--workers: study '{settings.Name}' is not a preset, so worker processes cannot rebuild its settings; use --workers 1."); }
        // The band count has an option (--mel-bands); the rest of the feature definition has none.
        var presetFeatures = preset.Features with { MelCount = settings.Features.MelCount };
        if (preset.TestFold != settings.TestFold || presetFeatures.Hash != settings.Features.Hash || (settings.ClipsPerClassPerFold is null && preset.ClipsPerClassPerFold is not null))
            throw new ArgumentException($"--workers: these settings differ from preset '{settings.Name}' where no option can say so (test fold, features or clip subset); use --workers 1.");
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
