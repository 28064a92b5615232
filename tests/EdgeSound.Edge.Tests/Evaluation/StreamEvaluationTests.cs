using System.Text.Json;
using EdgeSound.Edge.Commands;
using EdgeSound.Edge.Evaluation;
using EdgeSound.Edge.Tests.Pipeline;
using EdgeSound.Shared.Audio;
using EdgeSound.Shared.Data;
using EdgeSound.Shared.Models;
using EdgeSound.Shared.Smoothing;
using EdgeSound.Shared.Tests.Support;
using Xunit;

namespace EdgeSound.Edge.Tests.Evaluation;

public sealed class StreamEvaluationTests : IDisposable
{
    private const int Rate = 44100;
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("edgesound-evaluate-");
    // Beside the dataset, not in it: every folder in a folder-per-class dataset is a class.
    private readonly DirectoryInfo _models = Directory.CreateTempSubdirectory("edgesound-evaluate-models-");

    public void Dispose()
    {
        _folder.Delete(recursive: true);
        _models.Delete(recursive: true);
    }

    /// <summary>A folder-per-class dataset: <paramref name="perClass"/> 2-s clips per label, a loud tone in each, ESC names (fold 1).</summary>
    private string Dataset(int perClass, params string[] labels) => Dataset(fold: 1, perClass, labels);

    /// <summary>As above, the clips named as of fold <paramref name="fold"/>; call again for another fold.</summary>
    private string Dataset(int fold, int perClass, params string[] labels)
    {
        foreach (var (label, c) in labels.Select((l, i) => (l, i)))
        {
            Directory.CreateDirectory(Path.Combine(_folder.FullName, label));
            for (int k = 0; k < perClass; k++)
            {
                var samples = TestSignals.Noise(2 * Rate, rms: 3e-4f, seed: (ulong)(10 * c + k));
                TestSignals.AddTone(samples, Rate, 0.2, 1.8, 400 + 300 * c + 50 * k, 0.3f);
                WavWriter.WritePcm16(Path.Combine(_folder.FullName, label, $"{fold}-{c}{k}-A-{c}.wav"), samples, Rate);
            }
        }
        return _folder.FullName;
    }

    [Fact]
    public void Loud_clips_of_the_loud_label_are_all_heard_and_the_quiet_gaps_raise_nothing()
    {
        var clips = FolderDatasetReader.Read(Dataset(3, "tone")).Clips;
        // The stand-in model: P(tone) is the share of loud frames in its 1-s window.
        var classifier = new LoudnessClassifier(TestModels.Metadata(InputKind.LogMel));

        var result = StreamEvaluation.Run(classifier, clips, new SmootherSettings(), 48000, gapSeconds: 4);

        Assert.Equal(3, result.Score.Clips);
        Assert.Equal(3, result.Score.Heard.Count);
        Assert.Empty(result.Score.Missed);
        Assert.Equal(0, result.Score.EventsInSilence);
        Assert.Equal(0, result.Stats.DroppedSamples);
        Assert.Equal(3 * 2 + 4 * 4, result.StreamSeconds, 6);
        Assert.InRange(result.Score.MedianDelaySeconds!.Value, 0.2, 2.0);
    }

    [Fact]
    public void A_clip_whose_label_the_model_cannot_name_is_refused_before_listening()
    {
        var clips = FolderDatasetReader.Read(Dataset(1, "dog")).Clips;

        var error = Assert.Throws<ArgumentException>(() =>
            StreamEvaluation.Run(new LoudnessClassifier(TestModels.Metadata(InputKind.LogMel)), clips, new SmootherSettings(), 48000, 1));
        Assert.Contains("cannot name dog", error.Message);
        Assert.Contains("tone, other", error.Message);
    }

    [Fact]
    public void The_command_plays_the_folds_through_the_shipped_model_and_prints_one_json_object()
    {
        string data = Dataset(2, "dog", "rooster");
        var output = new StringWriter();
        var smoother = new SmootherSettings { AverageWindows = 3, MinimumWindows = 2 };

        int exit = EvaluateCommand.Run(data, [1], Path.Combine(RepositoryFiles.Models, "esc10.onnx"), smoother, 48000, 3, json: true, output);

        Assert.Equal(ExitCodes.Success, exit);
        using var doc = JsonDocument.Parse(output.ToString());
        var root = doc.RootElement;
        Assert.Equal(4, root.GetProperty("clips").GetInt32());
        Assert.Equal([1], root.GetProperty("folds").EnumerateArray().Select(f => f.GetInt32()));
        Assert.Equal(3, root.GetProperty("smoothing").GetProperty("average_windows").GetInt32());
        int heard = root.GetProperty("heard").GetInt32();
        Assert.Equal(4 - heard, root.GetProperty("missed").GetArrayLength());
        Assert.Equal(4 * 2 + 5 * 3, root.GetProperty("stream_seconds").GetDouble(), 6);
        // Quiet room noise between the clips is below the level gate: nothing is reported there.
        Assert.Equal(0, root.GetProperty("events_in_silence").GetInt32());
    }

    [Fact]
    public void Cross_validation_plays_each_fold_through_its_own_model_and_pools_the_scores()
    {
        Dataset(fold: 1, 2, "dog", "rooster");
        string data = Dataset(fold: 2, 1, "dog", "rooster");
        string models = _models.FullName;
        File.Copy(Path.Combine(RepositoryFiles.Models, "esc10.onnx"), Path.Combine(models, EvaluateCommand.FoldModelFileName(1)));
        File.Copy(Path.Combine(RepositoryFiles.Models, "esc10.fp32.onnx"), Path.Combine(models, EvaluateCommand.FoldModelFileName(2)));
        var output = new StringWriter();

        int exit = EvaluateCommand.RunCrossValidated(data, [1, 2], models, new SmootherSettings(), 48000, 3, json: true, output);

        Assert.Equal(ExitCodes.Success, exit);
        using var doc = JsonDocument.Parse(output.ToString());
        var root = doc.RootElement;
        Assert.True(root.GetProperty("cross_validated").GetBoolean());
        Assert.Equal(models, root.GetProperty("model").GetString());
        Assert.Equal([1, 2], root.GetProperty("folds").EnumerateArray().Select(f => f.GetInt32()));
        Assert.Equal(6, root.GetProperty("clips").GetInt32());
        Assert.Equal(6 - root.GetProperty("heard").GetInt32(), root.GetProperty("missed").GetArrayLength());
        // Two streams, each with a gap before every clip and after the last: 4 clips and 5 gaps, then 2 and 3.
        Assert.Equal((4 * 2 + 5 * 3) + (2 * 2 + 3 * 3), root.GetProperty("stream_seconds").GetDouble(), 6);
        Assert.Equal(0, root.GetProperty("events_in_silence").GetInt32());
    }

    [Fact]
    public void Cross_validation_without_a_folds_model_names_the_missing_file()
    {
        string data = Dataset(fold: 2, 1, "dog");
        string models = _models.FullName;
        File.Copy(Path.Combine(RepositoryFiles.Models, "esc10.onnx"), Path.Combine(models, EvaluateCommand.FoldModelFileName(2)));

        var missing = Assert.Throws<FileNotFoundException>(() =>
            EvaluateCommand.RunCrossValidated(data, [2, 3], models, new SmootherSettings(), 48000, 1, false, TextWriter.Null));
        Assert.Contains("no fold-3.onnx for fold 3", missing.Message);
        Assert.Throws<DirectoryNotFoundException>(() =>
            EvaluateCommand.RunCrossValidated(data, [2], Path.Combine(models, "absent"), new SmootherSettings(), 48000, 1, false, TextWriter.Null));
    }

    [Fact]
    public void Folds_and_labels_that_do_not_fit_are_clear_errors()
    {
        string data = Dataset(1, "dog");
        string model = Path.Combine(RepositoryFiles.Models, "esc10.onnx");

        var noFold = Assert.Throws<ArgumentException>(() => EvaluateCommand.Run(data, [7], model, new SmootherSettings(), 48000, 1, false, TextWriter.Null));
        Assert.Contains("--folds: fold 7", noFold.Message);
        var badList = Assert.Throws<ArgumentException>(() => FoldList.Parse("2,x"));
        Assert.Contains("'x' is not a fold number", badList.Message);
        Assert.Equal([2, 3, 4, 5], FoldList.Parse(" 2, 3,4 ,5"));
        Assert.Throws<DirectoryNotFoundException>(() => EvaluateCommand.Run(Path.Combine(data, "missing"), [1], model, new SmootherSettings(), 48000, 1, false, TextWriter.Null));
    }
}
