using System.CommandLine;
using System.Text.Json;
using EdgeSound.Shared.Data;
using EdgeSound.Shared.Features;
using EdgeSound.Shared.Models;
using EdgeSound.Shared.Onnx;
using EdgeSound.Shared.Onnx.Proto;
using EdgeSound.Shared.Randomness;
using EdgeSound.Shared.Tests.Support;
using EdgeSound.Trainer.Cli;
using EdgeSound.Trainer.Data;
using EdgeSound.Trainer.Quantization;
using Xunit;
using Xunit.Abstractions;

namespace EdgeSound.Trainer.Tests.Quantization;

public sealed class QuantizeCommandTests(ITestOutputHelper output) : IDisposable
{
    private const int WindowFrames = 32;
    private readonly string _folder = Directory.CreateTempSubdirectory("edgesound-quantize-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [SkippableFact]
    public void Quantizing_a_tiny_esc10_model_calibrates_on_training_folds_only_and_writes_an_int8_model_with_its_metadata()
    {
        var root = Esc10Data.RootOrSkip();
        var labels = Esc50DatasetReader.Read(root, EscSubset.Esc10).Classes;
        var modelPath = Path.Combine(_folder, "tiny.onnx");
        var outputPath = Path.Combine(_folder, "out", "tiny.int8.onnx");
        OnnxModelFile.Save(TinyLogMelModel(labels), modelPath);
        var console = new StringWriter();

        var report = QuantizeCommand.Run(new QuantizeRequest
        {
            ModelPath = modelPath, OutputPath = outputPath, DataPath = root,
            ClipsPerClassPerFold = 1, CalibrationWindows = 24,
        }, console);
        output.WriteLine(console.ToString());

        Assert.Equal(24, report.Windows.Count);
        // ESC-50 file names start with their fold: "1-..." is the test fold.
        Assert.All(report.Windows, w => Assert.False(w.ClipName.StartsWith("1-", StringComparison.Ordinal), w.ClipName));
        Assert.All(report.Windows, w => Assert.InRange(w.Fold, 2, 5));
        Assert.True(report.Windows.Select(w => w.Fold).Distinct().Count() >= 2, "a seeded sample spreads over the training folds");

        var written = OnnxModelFile.Load(outputPath);
        var properties = OnnxModelFile.Metadata(written);
        var metadata = ModelMetadata.FromProperties(properties, outputPath);
        Assert.Equal("int8", metadata.Precision);
        Assert.Equal(labels, metadata.Labels);
        Assert.Equal("tiny", properties["edgesound.run"]); // every entry is carried over
        using var quantization = JsonDocument.Parse(properties[ModelQuantizer.QuantizationKey]);
        Assert.Equal("percentile", quantization.RootElement.GetProperty("calibration").GetString());
        Assert.Equal(24, quantization.RootElement.GetProperty("calibration_windows").GetInt32());
        Assert.Equal(1, report.RuntimeOps.GetValueOrDefault("com.microsoft.QLinearConv"));
        Assert.Equal(new FileInfo(outputPath).Length, report.Int8Bytes);
        Assert.Contains("bytes (int8 QDQ)", console.ToString());
        Assert.Equal(24, report.Comparison.Windows);
        // A sanity bound only (random weights, near-ties, 24 windows; measured 23/24): AgreementTests hold the real bound.
        Assert.True(report.Comparison.Top1Agreement >= 0.75, $"agreement {report.Comparison.Top1Agreement}");
    }

    [Fact]
    public void The_calibration_sampler_refuses_a_test_fold_clip()
    {
        var clips = new[] { Clip("2-100-A-0.wav", 2), Clip("1-100-A-0.wav", 1) };

        var e = Assert.Throws<InvalidOperationException>(() => CalibrationWindowSampler.Sample(clips, TinyMetadata(["a", "b"]), 8, seed: 1));

        Assert.Contains("1-100-A-0.wav", e.Message);
    }

    [Fact]
    public void The_calibration_sampler_draws_the_same_windows_for_the_same_seed_as_the_device_would_cut_them()
    {
        var clips = new[] { Clip("2-100-A-0.wav", 2), Clip("3-200-A-1.wav", 3) };
        var metadata = TinyMetadata(["a", "b"]);

        var first = CalibrationWindowSampler.Sample(clips, metadata, 5, seed: 9);
        var again = CalibrationWindowSampler.Sample(clips, metadata, 5, seed: 9);

        Assert.Equal(first.Windows, again.Windows);
        Assert.Equal(first.Data.Inputs, again.Data.Inputs);
        Assert.Equal(metadata.InputShape, first.Data.RowShape);
        // Each row is the trainer's model input for that window (the shared extractor, mel-major).
        var builder = new ModelInputBuilder(new WindowGeometry(metadata.Features, WindowFrames, metadata.HopFrames), InputKind.LogMel);
        var window = first.Windows[0];
        var clip = clips.Single(c => c.Name == window.ClipName);
        var expected = new float[builder.RowLength];
        builder.Build(clip.Samples.AsSpan(window.StartFrame * metadata.Features.HopLength, builder.Geometry.SpanSamples), expected);
        Assert.Equal(expected, first.Data.Inputs.AsSpan(0, builder.RowLength).ToArray());
    }

    [Fact]
    public void A_missing_model_file_is_named_in_the_error_and_nothing_is_written()
    {
        var missing = Path.Combine(_folder, "no-such-model.onnx");
        var outputPath = Path.Combine(_folder, "int8.onnx");
        var request = new QuantizeRequest { ModelPath = missing, OutputPath = outputPath, DataPath = _folder };

        var e = Assert.Throws<FileNotFoundException>(() => QuantizeCommand.Run(request, TextWriter.Null));

        Assert.Contains(missing, e.Message);
        Assert.Empty(Directory.GetFiles(_folder));
        var exitCode = CommandLineErrors.Run(new RootCommand { QuantizeCommand.Create() },
            ["quantize", "--model", missing, "--out", outputPath, "--data", _folder]);
        Assert.Equal(2, exitCode);
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public void A_model_without_edgesound_metadata_is_refused_with_its_path()
    {
        var modelPath = Path.Combine(_folder, "plain.onnx");
        OnnxModelFile.Save(TestGraphs.Cnn(), modelPath);
        var request = new QuantizeRequest { ModelPath = modelPath, OutputPath = Path.Combine(_folder, "int8.onnx"), DataPath = _folder };

        var e = Assert.Throws<ModelMetadataException>(() => QuantizeCommand.Run(request, TextWriter.Null));

        Assert.Contains(modelPath, e.Message);
        Assert.Contains("edgesound.", e.Message);
        Assert.Equal([modelPath], Directory.GetFiles(_folder));
    }

    private static ModelMetadata TinyMetadata(IReadOnlyList<string> labels) => new()
    {
        Labels = labels,
        Features = FeatureConfig.Default,
        WindowFrames = WindowFrames,
        HopFrames = 25,
        InputKind = InputKind.LogMel,
        RunJson = "tiny",
    };

    /// <summary>Conv(1->4)+Relu -> GlobalAveragePool -> Flatten -> Gemm -> logits -> Softmax, for the model's labels.</summary>
    private static ModelProto TinyLogMelModel(IReadOnlyList<string> labels)
    {
        var metadata = TinyMetadata(labels);
        var random = new SplitMix64(11);
        var b = new OnnxGraphBuilder("tiny");
        var x = b.AddInput(ModelMetadata.InputName, TensorProto.Types.DataType.Float, [-1, .. metadata.InputShape]);
        var w = b.AddInitializer("conv_w", TestGraphs.Values(random, 4 * 9, 0.3), 4, 1, 3, 3);
        var c = b.AddNode("Conv", [x, w, b.AddInitializer("conv_b", TestGraphs.Values(random, 4, 0.1), 4)], "conv", OnnxAttribute.Ints("kernel_shape", 3, 3));
        var r = b.AddNode("Relu", [c], "relu");
        var g = b.AddNode("GlobalAveragePool", [r], "gap");
        var f = b.AddNode("Flatten", [g], "flat");
        var fw = b.AddInitializer("fc_w", TestGraphs.Values(random, labels.Count * 4, 0.5), labels.Count, 4);
        b.AddNode("Gemm", [f, fw, b.AddInitializer("fc_b", new float[labels.Count], labels.Count)], [ModelMetadata.LogitsName], OnnxAttribute.Int("transB", 1));
        b.AddNode("Softmax", [ModelMetadata.LogitsName], [ModelMetadata.ProbabilitiesName], OnnxAttribute.Int("axis", 1));
        b.AddOutput(ModelMetadata.LogitsName, TensorProto.Types.DataType.Float, -1, labels.Count);
        b.AddOutput(ModelMetadata.ProbabilitiesName, TensorProto.Types.DataType.Float, -1, labels.Count);
        return b.Build(metadata.ToProperties(), "test");
    }

    private static LoadedClip Clip(string name, int fold)
    {
        var random = new SplitMix64((ulong)name.Length * 31 + (ulong)fold);
        var samples = new float[16_000 * 2];
        for (int i = 0; i < samples.Length; i++) samples[i] = (float)(0.1 * Math.Sin(i * 0.05 * fold) + 0.01 * (random.NextDouble() - 0.5));
        return new LoadedClip(new ClipRecord("/nowhere/" + name, name, 0, "a", fold, null), samples);
    }
}
