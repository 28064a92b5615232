using EdgeSound.Trainer.Cli;
using EdgeSound.Trainer.Models;
using EdgeSound.Trainer.Study;
using EdgeSound.Trainer.Training;
using Xunit;

namespace EdgeSound.Trainer.Tests.Study;

/// <summary>
/// <c>trainer ensemble</c> on two sweeps written the way a study writes them (predictions through
/// <see cref="PredictionsFile"/>, the chosen trial named by the final model's card), where averaging
/// two half-right models gets three clips of four right.
/// </summary>
public sealed class EnsembleCommandTests : IDisposable
{
    private static readonly string[] Classes = ["dog", "rain"];
    private static readonly string[] Clips = ["1-a.wav", "1-b.wav", "2-a.wav", "2-b.wav"];
    private static readonly int[] Truth = [0, 0, 1, 1];
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("edgesound-ensemble-");

    public void Dispose() => _folder.Delete(recursive: true);

    // Each model gets two of the four clips right; their mean is wrong only on the last one.
    private static readonly float[] First = [0.9f, 0.1f, 0.4f, 0.6f, 0.2f, 0.8f, 0.6f, 0.4f];
    private static readonly float[] Second = [0.45f, 0.55f, 0.9f, 0.1f, 0.3f, 0.7f, 0.7f, 0.3f];

    private string Sweep(string run, string trial, float[] probabilities, string[]? clips = null)
    {
        var sweep = Path.Combine(_folder.FullName, run, "arch2-h1-long");
        Directory.CreateDirectory(sweep);
        // The run's study.json names its cross-validation folds, as a study writes it.
        File.WriteAllText(new StudyLayout(Path.Combine(_folder.FullName, run)).SettingsFile,
            StudySettingsFile.Render(StudySettings.Preset("full") with { CrossValidationFolds = [2, 3] }, "test clips", threads: 1, device: "cpu"));
        var predictions = new ClipPredictions(clips ?? Clips, Truth, probabilities, Classes.Length);
        foreach (var fold in new[] { "fold-2", "fold-3" })
        {
            Directory.CreateDirectory(Path.Combine(sweep, trial, fold));
            PredictionsFile.Write(Path.Combine(sweep, trial, fold, "val_predictions.csv"), predictions, Classes);
        }
        Directory.CreateDirectory(Path.Combine(sweep, "final"));
        PredictionsFile.Write(Path.Combine(sweep, "final", "test_predictions.csv"), predictions, Classes);
        new FinalModelCard("arch2-h1-long", trial, new Dictionary<string, string>(), ModelSpec.ForLogMel(Architecture.CnnTransformer, Classes.Length, 64, 128),
            "{}", 128, 25, Classes).Save(Path.Combine(sweep, "final", FinalModelCard.FileName));
        return sweep;
    }

    private static (int Code, string Output) RunCommand(params string[] sweeps)
    {
        var output = new StringWriter();
        try { return (EnsembleCommand.Run(sweeps, output), output.ToString()); }
        catch (Exception e) when (e is ArgumentException or FileNotFoundException or InvalidDataException) { return (2, e.Message); }
    }

    [Fact]
    public void Averaging_two_models_scores_the_mean_of_their_probabilities_on_validation_and_on_the_test_fold()
    {
        var (code, output) = RunCommand(Sweep("seed42", "giddy-sweep-1", First), Sweep("seed43", "young-sweep-1", Second));

        Assert.True(code == 0, output);
        Assert.Contains("fold-2 validation:  50.0  50.0 | ensemble  75.0", output);
        Assert.Contains("fold-3 validation:  50.0  50.0 | ensemble  75.0", output);
        Assert.Contains("mean validation:    50.0  50.0 | their mean 50.0 | ensemble 75.0", output);
        Assert.Contains("test fold, finals (report only):  50.0  50.0 | ensemble  75.0", output);
        Assert.Contains(Path.Combine("seed43", "arch2-h1-long", "young-sweep-1"), output);
    }

    [Fact]
    public void Models_scored_on_other_clips_or_an_unfinished_sweep_are_refused_naming_the_file()
    {
        var first = Sweep("seed42", "giddy-sweep-1", First);
        var otherClips = Sweep("seed43", "young-sweep-1", Second, ["1-a.wav", "1-b.wav", "2-a.wav", "3-x.wav"]);
        var unfinished = Path.Combine(_folder.FullName, "seed44", "arch2-h1-long");
        Directory.CreateDirectory(unfinished);

        var (code, output) = RunCommand(first, otherClips);
        Assert.NotEqual(0, code);
        Assert.Contains($"{Path.Combine(otherClips, "young-sweep-1", "fold-2", "val_predictions.csv")} scores other clips", output);

        (code, output) = RunCommand(first, unfinished);
        Assert.NotEqual(0, code);
        Assert.Contains($"{Path.Combine(unfinished, "final", "model.json")}: not found", output);

        (code, output) = RunCommand(first);
        Assert.NotEqual(0, code);
        Assert.Contains("two or more sweep folders", output);
    }
}
