using System.CommandLine;
using System.Text.Json;
using EdgeSound.Shared.Audio;
using EdgeSound.Shared.Data;
using EdgeSound.Shared.Features;
using EdgeSound.Shared.Models;
using EdgeSound.Shared.Onnx;
using EdgeSound.Shared.Onnx.Proto;
using EdgeSound.Shared.Tests.Support;
using EdgeSound.Shared.Windowing;
using EdgeSound.Trainer.Cli;
using EdgeSound.Trainer.Evaluation;
using Xunit;

namespace EdgeSound.Trainer.Tests.Evaluation;

public sealed class EvaluateCommandTests : IDisposable
{
    private const int WindowFrames = 50;
    private const int HopFrames = 50;
    // Keeps the centroid logits a few units apart, so softmax does not saturate and clip means are smooth.
    private const float LogitScale = 0.02f;

    private static readonly FeatureConfig Features = FeatureConfig.Default;

    private readonly string _folder = Directory.CreateTempSubdirectory("edgesound-evaluate-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>
    /// A nearest-centroid log-mel model: logit_l = s·(c_l·x − |c_l|²/2), x the mean of each mel band over
    /// the window, c_l the class mean of that over the clips of <paramref name="trainingFold"/>.
    /// </summary>
    private static (float[] Weights, float[] Biases) CentroidWeights(DatasetIndex index, int trainingFold)
    {
        int mels = Features.MelCount, classes = index.Classes.Count;
        var sums = new double[classes * mels];
        var counts = new int[classes];
        var extractor = new LogMelExtractor(Features);
        foreach (var clip in index.ClipsInFolds(trainingFold))
        {
            var frames = extractor.Extract(AudioFileLoader.Load(clip.AudioPath, Features.SampleRate));
            for (int f = 0; f < frames.FrameCount; f++)
                for (int m = 0; m < mels; m++) sums[clip.ClassIndex * mels + m] += frames[f, m] / (double)frames.FrameCount;
            counts[clip.ClassIndex]++;
        }
        var weights = new float[classes * mels];
        var biases = new float[classes];
        for (int c = 0; c < classes; c++)
        {
            double norm = 0;
            for (int m = 0; m < mels; m++)
            {
                double centroid = sums[c * mels + m] / counts[c];
                weights[c * mels + m] = (float)(LogitScale * centroid);
                norm += centroid * centroid;
            }
            biases[c] = (float)(-LogitScale * norm / 2);
        }
        return (weights, biases);
    }

    /// <summary>Band means over the window's frames, a linear layer, softmax: an EdgeSound model with full metadata.</summary>
    private static void SaveModel(string path, IReadOnlyList<string> labels, float[] weights, float[] biases)
    {
        int mels = Features.MelCount;
        var b = new OnnxGraphBuilder("centroid");
        var x = b.AddInput(ModelMetadata.InputName, TensorProto.Types.DataType.Float, -1, 1, mels, WindowFrames);
        var bands = b.AddNode("ReduceMean", [x], "bands", OnnxAttribute.Ints("axes", 3), OnnxAttribute.Int("keepdims", 0));
        var flat = b.AddNode("Flatten", [bands], "flat", OnnxAttribute.Int("axis", 1));
        var w = b.AddInitializer("w", weights, labels.Count, mels);
        var c = b.AddInitializer("c", biases, labels.Count);
        b.AddNode("Gemm", [flat, w, c], [ModelMetadata.LogitsName], OnnxAttribute.Int("transB", 1));
        b.AddNode("Softmax", [ModelMetadata.LogitsName], [ModelMetadata.ProbabilitiesName], OnnxAttribute.Int("axis", 1));
        b.AddOutput(ModelMetadata.LogitsName, TensorProto.Types.DataType.Float, -1, labels.Count);
        b.AddOutput(ModelMetadata.ProbabilitiesName, TensorProto.Types.DataType.Float, -1, labels.Count);
        var metadata = new ModelMetadata { Labels = labels, Features = Features, WindowFrames = WindowFrames, HopFrames = HopFrames, InputKind = InputKind.LogMel };
        OnnxModelFile.Save(b.Build(metadata.ToProperties(), "tests"), path);
    }

    /// <summary>The clip score by hand, in double: scoring plan, each window's band means, the centroid logits, softmax, mean.</summary>
    private static double[] HandScore(ClipRecord clip, float[] weights, float[] biases)
    {
        int mels = Features.MelCount, classes = biases.Length;
        var plan = ScoringWindows.Plan(AudioFileLoader.Load(clip.AudioPath, Features.SampleRate), Features, WindowFrames, HopFrames, clip.FileName);
        var extractor = new LogMelExtractor(Features);
        var clipScore = new double[classes];
        foreach (var start in plan.Starts)
        {
            var frames = extractor.Extract(plan.Samples.AsSpan(start * Features.HopLength, Features.SamplesForFrames(WindowFrames)));
            var logits = new double[classes];
            for (int l = 0; l < classes; l++)
            {
                logits[l] = biases[l];
                for (int m = 0; m < mels; m++)
                {
                    double mean = 0;
                    for (int f = 0; f < WindowFrames; f++) mean += frames[f, m];
                    logits[l] += weights[l * mels + m] * (mean / WindowFrames);
                }
            }
            double max = logits.Max(), total = logits.Sum(v => Math.Exp(v - max));
            for (int l = 0; l < classes; l++) clipScore[l] += Math.Exp(logits[l] - max) / total / plan.Starts.Length;
        }
        return clipScore;
    }

    [SkippableFact]
    public void Evaluates_two_models_side_by_side_on_a_real_fold_and_the_accuracy_equals_a_recomputation()
    {
        var root = Esc10Data.RootOrSkip();
        var index = Esc50DatasetReader.Read(root, EscSubset.Esc10).Subset(2);
        var (weights, biases) = CentroidWeights(index, trainingFold: 2);
        var centroid = Path.Combine(_folder, "centroid.onnx");
        SaveModel(centroid, index.Classes, weights, biases);
        // Always class 3: zero weights, the largest bias on class 3.
        var constantBiases = new float[index.Classes.Count];
        constantBiases[3] = 5f;
        var constant = Path.Combine(_folder, "always-3.onnx");
        SaveModel(constant, index.Classes, new float[weights.Length], constantBiases);
        var outFolder = Path.Combine(_folder, "report");
        var printed = new StringWriter();

        int code = EvaluateCommand.Run(new EvaluateCommand.Request([centroid, constant], root, EscSubset.Esc10, Fold: 1, outFolder, ClipsPerClass: 2),
            printed, TextWriter.Null);

        Assert.Equal(0, code);
        var markdown = File.ReadAllText(Path.Combine(outFolder, EvaluationReport.MarkdownFileName));
        Assert.StartsWith(markdown, printed.ToString());
        Assert.Contains("| | centroid.onnx | always-3.onnx |", markdown);
        foreach (var label in index.Classes) Assert.Contains($"| recall: {label} |", markdown);
        Assert.Contains("## Confusion matrix: centroid.onnx", markdown);
        Assert.Contains("## Confusion matrix: always-3.onnx", markdown);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outFolder, EvaluationReport.JsonFileName)));
        var models = json.RootElement.GetProperty("models");
        var testClips = index.ClipsInFolds(1);
        Assert.Equal(testClips.Count, json.RootElement.GetProperty("clip_count").GetInt32());

        // The centroid model: every clip's prediction and confidence equal the hand computation, and so does the accuracy.
        var scored = models[0].GetProperty("clips").EnumerateArray().ToList();
        Assert.Equal(testClips.Count, scored.Count);
        int correct = 0;
        for (int i = 0; i < testClips.Count; i++)
        {
            var expected = HandScore(testClips[i], weights, biases);
            int top = Array.IndexOf(expected, expected.Max());
            Assert.Equal(testClips[i].FileName, scored[i].GetProperty("clip").GetString());
            Assert.Equal(testClips[i].Label, scored[i].GetProperty("truth").GetString());
            Assert.Equal(index.Classes[top], scored[i].GetProperty("predicted").GetString());
            Assert.Equal(expected[top], scored[i].GetProperty("confidence").GetDouble(), 1e-4);
            if (top == testClips[i].ClassIndex) correct++;
        }
        Assert.Equal((double)correct / testClips.Count, models[0].GetProperty("accuracy").GetDouble(), 1e-12);
        Assert.True(correct > 2, $"a nearest-centroid model should beat chance (2 of 20) on ESC-10, got {correct}");

        // The constant model: every clip predicted as class 3, so accuracy 1/10, recall 1 for class 3 only.
        Assert.Equal(0.1, models[1].GetProperty("accuracy").GetDouble(), 1e-12);
        var matrix = models[1].GetProperty("confusion_matrix").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetInt32()).ToArray()).ToArray();
        for (int t = 0; t < matrix.Length; t++)
            for (int p = 0; p < matrix.Length; p++) Assert.Equal(p == 3 ? 2 : 0, matrix[t][p]);
        var recall = models[1].GetProperty("recall").EnumerateArray().Select(r => r.GetProperty("value").GetDouble()).ToArray();
        Assert.Equal(Enumerable.Range(0, 10).Select(c => c == 3 ? 1.0 : 0.0), recall);
    }

    [SkippableFact]
    public void A_model_whose_labels_are_not_the_datasets_classes_is_refused_naming_the_file()
    {
        var root = Esc10Data.RootOrSkip();
        var classes = Esc50DatasetReader.Read(root, EscSubset.Esc10).Classes;
        var swapped = classes.ToArray();
        (swapped[0], swapped[1]) = (swapped[1], swapped[0]);
        var path = Path.Combine(_folder, "swapped.onnx");
        SaveModel(path, swapped, new float[swapped.Length * Features.MelCount], new float[swapped.Length]);

        var e = Assert.Throws<InvalidDataException>(() =>
            EvaluateCommand.Run(new EvaluateCommand.Request([path], root, EscSubset.Esc10, Fold: 1, ClipsPerClass: 1), TextWriter.Null, TextWriter.Null));

        Assert.Contains(path, e.Message);
        Assert.Contains("labels", e.Message);
        Assert.False(Directory.EnumerateFiles(_folder, "evaluation.*", SearchOption.AllDirectories).Any());
    }

    [Fact]
    public void A_model_file_without_edgesound_metadata_is_a_user_error_naming_the_file()
    {
        var data = Directory.CreateDirectory(Path.Combine(_folder, "data"));
        foreach (var label in new[] { "a", "b" })
        {
            Directory.CreateDirectory(Path.Combine(data.FullName, label));
            WavWriter.WritePcm16(Path.Combine(data.FullName, label, "1-100-A-0.wav") /* fold 1 by its ESC-style prefix */, new float[16000], 16000);
        }
        var path = Path.Combine(_folder, "bare.onnx");
        var b = new OnnxGraphBuilder("bare");
        var x = b.AddInput("input", TensorProto.Types.DataType.Float, -1, 2);
        b.AddNode("Softmax", [x], ["probabilities"], OnnxAttribute.Int("axis", 1));
        b.AddOutput("probabilities", TensorProto.Types.DataType.Float, -1, 2);
        OnnxModelFile.Save(b.Build(new Dictionary<string, string>(), "tests"), path);

        var e = Assert.Throws<ModelMetadataException>(() =>
            EvaluateCommand.Run(new EvaluateCommand.Request([path], data.FullName, EscSubset.Esc10, Fold: 1), TextWriter.Null, TextWriter.Null));
        Assert.Contains(path, e.Message);
        Assert.Contains(ModelMetadata.FormatVersionKey, e.Message);
    }

    [Fact]
    public void The_command_line_takes_several_models()
    {
        var command = EvaluateCommand.Create();
        var parse = command.Parse(["--model", "a.onnx", "--model", "b.onnx", "--data", "d", "--fold", "2", "--out", "o"]);
        Assert.Empty(parse.Errors);
        Assert.Equal(["a.onnx", "b.onnx"], parse.GetValue<string[]>("--model")!);
        Assert.Equal(2, parse.GetValue<int>("--fold"));
        Assert.Equal("esc10", parse.GetValue<string>("--subset"));
        Assert.NotEmpty(command.Parse(["--data", "d"]).Errors);
    }
}
