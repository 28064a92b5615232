using EdgeSound.Shared.Data;
using EdgeSound.Shared.Models;
using EdgeSound.Shared.Onnx;
using EdgeSound.Shared.Tests.Support;
using EdgeSound.Trainer.Data;
using EdgeSound.Trainer.Quantization;
using Xunit;

namespace EdgeSound.Trainer.Tests.Quantization;

/// <summary>The committed models/esc10.onnx: what ONNX Runtime runs, and how close it stays to models/esc10.fp32.onnx.</summary>
public sealed class ShippedModelTests
{
    private static readonly string FloatPath = Path.Combine(RepositoryFiles.Models, "esc10.fp32.onnx");
    private static readonly string Int8Path = Path.Combine(RepositoryFiles.Models, "esc10.onnx");

    [Fact]
    public void The_shipped_int8_model_runs_as_fused_integer_kernels_within_the_size_targets()
    {
        var int8 = OnnxModelFile.Load(Int8Path);
        var ops = OpCounts.Of(OnnxRuntimeGraph.Optimize(int8));
        var floatOps = OpCounts.Of(OnnxModelFile.Load(FloatPath));

        // Every matrix product and convolution of the float model runs as an integer kernel, but the
        // first convolution, kept float on purpose (models/MODEL_CARD.md says why).
        Assert.True(floatOps.GetValueOrDefault("MatMul") > 0 && floatOps.GetValueOrDefault("Conv") > 1, OpCounts.Format(floatOps));
        Assert.True(ops.GetValueOrDefault("QLinearMatMul") == floatOps["MatMul"], OpCounts.Format(ops));
        Assert.True(ops.GetValueOrDefault("com.microsoft.QGemm") == floatOps.GetValueOrDefault("Gemm"), OpCounts.Format(ops));
        Assert.True(ops.GetValueOrDefault("com.microsoft.QLinearConv") == floatOps["Conv"] - 1, OpCounts.Format(ops));
        Assert.Equal("int8", ModelMetadata.FromProperties(OnnxModelFile.Metadata(int8), Int8Path).Precision);
        Assert.True(new FileInfo(Int8Path).Length <= 200_000);
        Assert.True(new FileInfo(Int8Path).Length <= new FileInfo(FloatPath).Length * 0.30); // issue 4: <= 200 kB and <= 30% of float
    }

    [SkippableFact]
    public void The_shipped_int8_model_agrees_with_its_float_twin_on_training_fold_windows()
    {
        var root = Esc10Data.RootOrSkip();
        var floatModel = OnnxModelFile.Load(FloatPath);
        var metadata = ModelMetadata.FromProperties(OnnxModelFile.Metadata(floatModel), FloatPath);
        var index = Esc50DatasetReader.Read(root, EscSubset.Esc10).Subset(1);
        var clips = ClipStore.Load(index, metadata.Features.SampleRate).InFolds([2, 3, 4, 5]);
        var windows = CalibrationWindowSampler.Sample(clips, metadata, maxWindows: 96, seed: 7);

        var comparison = OutputComparison.Of(floatModel, OnnxModelFile.Load(Int8Path), windows.Data);

        Assert.Equal(96, comparison.Windows);
        Assert.True(comparison.Top1Agreement >= 0.95, $"top-1 agreement {comparison.Top1Agreement:P1}");
        Assert.True(comparison.MeanAbsoluteDifference < 0.02, $"mean |dp| {comparison.MeanAbsoluteDifference:F4}");
    }
}
