using EdgeSound.Shared.Data;
using EdgeSound.Shared.Features;
using EdgeSound.Trainer.Cli;
using EdgeSound.Trainer.Data;
using EdgeSound.Trainer.Study;
using EdgeSound.Trainer.Training;
using Xunit;

namespace EdgeSound.Trainer.Tests.Study;

public class WorkerCommandLineTests
{
    private static readonly LocatedDataset RealData = new(new DatasetIndex("/data/sounds", "Folder dataset at /data/sounds", ["dog", "rain"], [], 5), false, ["/data/sounds"]);

    [Fact]
    public void A_worker_gets_the_presets_overrides_absolute_folders_and_resume()
    {
        var settings = StudySettings.Preset("quick") with { TrialsPerSweep = 3, Epochs = 7, CrossValidationFolds = [2, 3], Sweeps = ["arch1"], Seed = 9, ClipsPerClassPerFold = 4, MaxTrainableParameters = 180000 };

        var args = WorkerCommandLine.Arguments(settings, RealData, "sweeps", "runs/x", "cpu", threads: 1);

        Assert.Equal(
            ["study", "--preset", "quick", "--trials", "3", "--epochs", "7", "--folds", "2,3", "--sweeps", "arch1", "--seed", "9",
             "--window-frames", "128", "--hop-frames", "25", "--mel-bands", "64", "--sweep-folder", Path.GetFullPath("sweeps"), "--out", Path.GetFullPath("runs/x"), "--device", "cpu", "--threads", "1",
             "--resume", "--worker", "--clips-per-class-per-fold", "4", "--max-parameters", "180000", "--data", "/data/sounds", "--subset", "esc10"],
            args);
    }

    [Fact]
    public void Weight_averaging_reaches_the_workers_only_when_it_is_on()
    {
        var averaged = WorkerCommandLine.Arguments(StudySettings.Preset("full") with { EmaDecay = 0.999 }, RealData, "sweeps", "runs/x", "cpu", threads: 1);
        var plain = WorkerCommandLine.Arguments(StudySettings.Preset("full"), RealData, "sweeps", "runs/x", "cpu", threads: 1);

        Assert.Equal("0.999", averaged[averaged.ToList().IndexOf("--ema-decay") + 1]);
        Assert.DoesNotContain("--ema-decay", plain);
    }

    [Fact]
    public void A_teacher_reaches_the_workers_with_its_distillation_settings()
    {
        var settings = StudySettings.Preset("full") with { Teachers = ["runs/full/arch2-h2"], Distillation = new Distillation(0.7, 3) };

        var args = WorkerCommandLine.Arguments(settings, RealData, "sweeps", "runs/x", "cpu", threads: 1).ToList();

        Assert.Equal(Path.GetFullPath("runs/full/arch2-h2"), args[args.IndexOf("--teacher") + 1]);
        Assert.Equal("0.7", args[args.IndexOf("--distill-weight") + 1]);
        Assert.Equal("3", args[args.IndexOf("--distill-temperature") + 1]);
        Assert.DoesNotContain("--teacher", WorkerCommandLine.Arguments(StudySettings.Preset("full"), RealData, "sweeps", "runs/x", "cpu", threads: 1));
    }

    [Fact]
    public void Several_teachers_reach_the_workers_each_once_and_the_command_line_takes_them()
    {
        var settings = StudySettings.Preset("full") with { Teachers = ["runs/a/arch2-wide", "runs/b/arch2-h1-long"] };

        var args = WorkerCommandLine.Arguments(settings, RealData, "sweeps", "runs/x", "cpu", threads: 1).ToList();

        Assert.Equal(2, args.Count(a => a == "--teacher"));
        Assert.Single(args, "--distill-weight");
        var parsed = new System.CommandLine.RootCommand { StudyCommand.Create() }.Parse(args);
        Assert.Empty(parsed.Errors);
        Assert.Equal([Path.GetFullPath("runs/a/arch2-wide"), Path.GetFullPath("runs/b/arch2-h1-long")], parsed.GetValue<string[]>("--teacher")!);
    }

    [Fact]
    public void A_teacher_named_twice_is_refused()
    {
        var settings = StudySettings.Preset("full") with { Teachers = ["runs/a/arch2-wide", "runs/a/../a/arch2-wide"] };
        Assert.Contains("twice", Assert.Throws<ArgumentException>(settings.Validate).Message);
    }

    [Fact]
    public void A_longer_window_and_hop_reach_the_workers_and_the_command_line_takes_them()
    {
        var args = WorkerCommandLine.Arguments(StudySettings.Preset("full") with { WindowFrames = 200, HopFrames = 20 }, RealData, "sweeps", "runs/x", "cpu", threads: 1).ToList();

        Assert.Equal("200", args[args.IndexOf("--window-frames") + 1]);
        Assert.Equal("20", args[args.IndexOf("--hop-frames") + 1]);
        var parsed = new System.CommandLine.RootCommand { StudyCommand.Create() }.Parse(args);
        Assert.Empty(parsed.Errors);
        Assert.Equal(200, parsed.GetValue<int?>("--window-frames"));
        Assert.Equal(20, parsed.GetValue<int?>("--hop-frames"));
    }

    [Fact]
    public void Another_mel_band_count_reaches_the_workers_and_other_feature_changes_are_refused()
    {
        var settings = StudySettings.Preset("full") with { Features = FeatureConfig.Default with { MelCount = 128 } };

        var args = WorkerCommandLine.Arguments(settings, RealData, "sweeps", "runs/x", "cpu", threads: 1).ToList();

        Assert.Equal("128", args[args.IndexOf("--mel-bands") + 1]);
        var parsed = new System.CommandLine.RootCommand { StudyCommand.Create() }.Parse(args);
        Assert.Empty(parsed.Errors);
        Assert.Equal(128, parsed.GetValue<int?>("--mel-bands"));
        // No option carries the FFT size: workers could not rebuild such a study.
        var fft = StudySettings.Preset("full") with { Features = FeatureConfig.Default with { FftSize = 2048, WindowLength = 2048 } };
        var refused = Assert.Throws<ArgumentException>(() => WorkerCommandLine.Arguments(fft, RealData, "sweeps", "runs/x", "cpu", threads: 1));
        Assert.Contains("use --workers 1", refused.Message);
    }

    [Fact]
    public void Mel_bands_the_fft_cannot_give_are_refused_naming_the_option()
    {
        var settings = StudySettings.Preset("full") with { Features = FeatureConfig.Default with { MelCount = 600 } };

        var error = Assert.Throws<ArgumentException>(settings.Validate);
        Assert.StartsWith("--mel-bands 600:", error.Message);
    }

    [Fact]
    public void The_synthetic_set_is_not_named_so_a_worker_finds_it_the_way_the_coordinator_did()
    {
        var synthetic = RealData with { IsSynthetic = true };

        var args = WorkerCommandLine.Arguments(StudySettings.Preset("demo"), synthetic, "sweeps", "runs/demo", "auto", threads: 2);

        Assert.DoesNotContain("--data", args);
    }

    [Fact]
    public void Settings_no_option_can_express_are_refused_before_any_worker_starts()
    {
        var custom = StudySettings.Preset("full") with { TestFold = 3, CrossValidationFolds = [1, 2, 4, 5] };
        var unnamed = new StudySettings { Name = "mine" };

        Assert.Contains("preset 'full'", Assert.Throws<ArgumentException>(() => WorkerCommandLine.Arguments(custom, RealData, "s", "r", "cpu", 1)).Message);
        Assert.Contains("not a preset", Assert.Throws<ArgumentException>(() => WorkerCommandLine.Arguments(unnamed, RealData, "s", "r", "cpu", 1)).Message);
    }
}
