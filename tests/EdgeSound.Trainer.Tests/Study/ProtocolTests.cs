using EdgeSound.Shared.Models;
using EdgeSound.Shared.Data;
using EdgeSound.Shared.Features;
using EdgeSound.Trainer.Data;
using EdgeSound.Trainer.Models;
using EdgeSound.Trainer.Study;
using EdgeSound.Trainer.Training;
using Xunit;

namespace EdgeSound.Trainer.Tests.Study;

public class ProtocolTests
{
    private static LoadedClip Clip(int fold) => new(new ClipRecord($"/x/{fold}.wav", $"{fold}-1-A-0.wav", 0, "a", fold, null), new float[10]);

    [Fact]
    public void A_test_fold_clip_in_training_or_validation_stops_the_study()
    {
        FoldGuard.AssertTestFoldIsolated(1, [Clip(2), Clip(3)], [Clip(4)]);
        FoldGuard.AssertTestFoldIsolated(1, [Clip(2), Clip(3)], null);
        var inTraining = Assert.Throws<InvalidOperationException>(() => FoldGuard.AssertTestFoldIsolated(1, [Clip(2), Clip(1)], [Clip(4)]));
        Assert.Contains("test fold 1", inTraining.Message);
        Assert.Throws<InvalidOperationException>(() => FoldGuard.AssertTestFoldIsolated(1, [Clip(2)], [Clip(1)]));
    }

    [Fact]
    public void Settings_refuse_the_test_fold_as_a_cross_validation_fold()
    {
        var settings = new StudySettings { CrossValidationFolds = [1, 2, 3, 4] };
        var error = Assert.Throws<ArgumentException>(settings.Validate);
        Assert.Contains("test fold 1", error.Message);
        Assert.Throws<ArgumentException>(new StudySettings { CrossValidationFolds = [2] }.Validate);
        new StudySettings().Validate();
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-0.5)]
    public void Settings_refuse_an_ema_decay_outside_zero_to_one(double decay)
    {
        Assert.Contains("--ema-decay", Assert.Throws<ArgumentException>(new StudySettings { EmaDecay = decay }.Validate).Message);
        new StudySettings { EmaDecay = 0.999 }.Validate();
    }

    [Fact]
    public void The_studys_weight_averaging_reaches_every_trial_and_is_off_by_default()
    {
        var geometry = new WindowGeometry(FeatureConfig.Default, 128, 25);
        Assert.Equal(0, TrialConfig.From("t", new Dictionary<string, object>(), geometry, 10, 1, "x.yaml").Training.EmaDecay);
        Assert.Equal(0.999, TrialConfig.From("t", new Dictionary<string, object>(), geometry, 10, 1, "x.yaml", emaDecay: 0.999).Training.EmaDecay);
    }

    /// <summary>A study over clips of folds 1-5 (two classes, one clip each per fold), with the given sweep file text as "s.yaml".</summary>
    private static StudyRunner Runner(DirectoryInfo folder, StudySettings settings, string sweepYaml)
    {
        File.WriteAllText(Path.Combine(folder.FullName, "s.yaml"), sweepYaml);
        var clips = Enumerable.Range(1, 5).SelectMany(fold => new[]
        {
            Clip(fold), new LoadedClip(new ClipRecord($"/x/b{fold}.wav", $"{fold}-2-A-1.wav", 1, "b", fold, null), new float[10]),
        }).ToList();
        var index = new DatasetIndex("/x", "ten clips", ["a", "b"], clips.Select(c => c.Record), foldCount: 5);
        var store = ClipStore.FromMemory(index, clips, FeatureConfig.Default.SampleRate);
        return new StudyRunner(settings with { Sweeps = ["s"] }, store, new StudyLayout(Path.Combine(folder.FullName, "run")), folder.FullName,
            TorchSharp.torch.CPU, new EdgeSound.Trainer.Cli.PlainStudyObserver(TextWriter.Null, TextWriter.Null));
    }

    private const string ValAccSweep = "method: random\nmetric:\n  name: val_acc\n  goal: GOAL\nparameters:\n  dropout:\n    values: [0.1, 0.2]\n";

    [Fact]
    public void A_fold_the_dataset_does_not_have_is_refused_before_any_training()
    {
        var folder = Directory.CreateTempSubdirectory("edgesound-protocol-");
        try
        {
            var error = Assert.Throws<ArgumentException>(() => Runner(folder, new StudySettings { CrossValidationFolds = [2, 3, 6] }, ValAccSweep.Replace("GOAL", "maximize")));
            Assert.Contains("Fold 6 has no clips", error.Message);
            Assert.Contains("1, 2, 3, 4, 5", error.Message);
        }
        finally { folder.Delete(recursive: true); }
    }

    [Fact]
    public void A_sweep_that_would_choose_the_lowest_validation_accuracy_is_refused()
    {
        var folder = Directory.CreateTempSubdirectory("edgesound-protocol-");
        try
        {
            var error = Assert.Throws<ArgumentException>(() => Runner(folder, new StudySettings(), ValAccSweep.Replace("GOAL", "minimize")).Jobs);
            Assert.Contains("s.yaml: metric val_acc with goal minimize would choose the worst trial", error.Message);
            Assert.NotEmpty(Runner(folder, new StudySettings(), ValAccSweep.Replace("GOAL", "maximize")).Jobs);
        }
        finally { folder.Delete(recursive: true); }
    }

    [Fact]
    public void Presets_are_named_and_unknown_ones_are_refused()
    {
        Assert.Equal(100, StudySettings.Preset("full").Epochs);
        Assert.Equal([2, 3, 4, 5], StudySettings.Preset("full").CrossValidationFolds);
        Assert.Equal(1, StudySettings.Preset("full").TestFold);
        Assert.Contains("arch2-h4", StudySettings.Preset("full").Sweeps);
        Assert.Throws<ArgumentException>(() => StudySettings.Preset("huge"));
    }

    [Fact]
    public void A_trial_configuration_maps_sweep_names_to_model_and_training()
    {
        var geometry = new WindowGeometry(FeatureConfig.Default, 128, 25);
        var parameters = new Dictionary<string, object>
        {
            ["architecture"] = "arch2", ["input"] = "logmel", ["n_heads"] = 2L, ["dk"] = 32L, ["dv"] = 16L,
            ["features_length"] = 64L, ["num_blocks"] = 3L, ["learning_rate"] = 0.002, ["optimizer"] = "sgd", ["batch_size"] = 16L,
        };

        var trial = TrialConfig.From("bright-sweep-1", parameters, geometry, classCount: 10, epochs: 7, source: "arch2.yaml");

        Assert.Equal(Architecture.CnnTransformer, trial.Model.Architecture);
        Assert.Equal(InputKind.LogMel, trial.Model.InputKind);
        Assert.Equal((2, 32, 16, 64, 3), (trial.Model.NHeads, trial.Model.Dk, trial.Model.Dv, trial.Model.FeaturesLength, trial.Model.NumBlocks));
        Assert.Equal((64, 128), (trial.Model.MelCount, trial.Model.WindowFrames));
        Assert.Equal(OptimizerKind.Sgd, trial.Training.Optimizer);
        Assert.Equal((7, 16, 0.002), (trial.Training.Epochs, trial.Training.BatchSize, trial.Training.LearningRate));
    }

    [Fact]
    public void Filter_augment_is_off_unless_the_sweep_sets_filter_gain_db()
    {
        var geometry = new WindowGeometry(FeatureConfig.Default, 128, 25);
        var plain = TrialConfig.From("t", new Dictionary<string, object>(), geometry, 10, 1, "x.yaml");
        var filtered = TrialConfig.From("t", new Dictionary<string, object> { ["filter_gain_db"] = 6L }, geometry, 10, 1, "x.yaml");
        Assert.Equal(0, plain.Training.Augmentation.FilterGainDb);
        Assert.Equal(6, filtered.Training.Augmentation.FilterGainDb);
        Assert.Equal(new AugmentationOptions().GainDb, filtered.Training.Augmentation.GainDb);
    }

    [Fact]
    public void Speed_perturbation_is_off_unless_the_sweep_sets_speed_change()
    {
        var geometry = new WindowGeometry(FeatureConfig.Default, 128, 25);
        var plain = TrialConfig.From("t", new Dictionary<string, object>(), geometry, 10, 1, "x.yaml");
        var perturbed = TrialConfig.From("t", new Dictionary<string, object> { ["speed_change"] = 0.15 }, geometry, 10, 1, "x.yaml");
        Assert.Equal(0, plain.Training.Augmentation.SpeedChange);
        Assert.Equal(0.15, perturbed.Training.Augmentation.SpeedChange);
        Assert.Equal(0, perturbed.Training.Augmentation.FilterGainDb);
    }

    [Fact]
    public void Filter_augment_on_a_waveform_trial_is_refused_naming_the_sweep_file()
    {
        var geometry = new WindowGeometry(FeatureConfig.Default, 128, 25);
        var error = Assert.Throws<ArgumentException>(() => TrialConfig.From(
            "t", new Dictionary<string, object> { ["input"] = "waveform", ["filter_gain_db"] = 6L }, geometry, 10, 1, "sweeps/raw.yaml"));
        Assert.StartsWith("sweeps/raw.yaml: trial t: filter_gain_db", error.Message);
    }

    [Fact]
    public void A_waveform_trial_reads_the_same_span_of_audio_as_a_log_mel_window()
    {
        var geometry = new WindowGeometry(FeatureConfig.Default, 128, 25);
        var trial = TrialConfig.From("t", new Dictionary<string, object> { ["input"] = "waveform" }, geometry, 10, 1, "x.yaml");
        Assert.Equal(geometry.SpanSamples, trial.Model.WindowSamples);
        Assert.Equal(127 * 320 + 1024, geometry.SpanSamples);
    }

    [Theory]
    [InlineData("dropuot", "0.3", "unknown parameter 'dropuot'")]
    [InlineData("optimizer", "rmsprop", "optimizer 'rmsprop'")]
    [InlineData("architecture", "arch3", "architecture 'arch3'")]
    [InlineData("dropout", "low", "parameter 'dropout' must be a number, got 'low'")]
    [InlineData("filter_gain_db", "-3", "trial t: filter_gain_db must be a finite number >= 0 (got -3)")]
    [InlineData("speed_change", "0.7", "trial t: speed_change must be in [0, 0.5] (got 0.7)")]
    [InlineData("speed_change", "-0.1", "trial t: speed_change must be in [0, 0.5] (got -0.1)")]
    [InlineData("batch_size", "1", "trial t: batch size must be >= 2")]
    public void Bad_trial_parameters_name_the_sweep_file_and_the_parameter(string key, string value, string expected)
    {
        var geometry = new WindowGeometry(FeatureConfig.Default, 128, 25);
        var error = Assert.Throws<ArgumentException>(() =>
            TrialConfig.From("t", new Dictionary<string, object> { [key] = value }, geometry, 10, 1, "sweeps/arch1.yaml"));
        Assert.StartsWith("sweeps/arch1.yaml: ", error.Message);
        Assert.Contains(expected, error.Message);
    }
}
