using EdgeSound.Trainer.Export;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace EdgeSound.Trainer.Tests.Export;

[Collection(TorchCollection.Name)]
public sealed class ExportParityTests(ITestOutputHelper output)
{
    private const float LogitTolerance = 1e-4f;

    [Theory]
    [MemberData(nameof(ExportCases.Names), MemberType = typeof(ExportCases))]
    public void Onnx_runtime_gives_the_torch_logits_within_1e4_for_batches_of_1_and_3(string caseName)
    {
        var exportCase = ExportCases.Named(caseName);
        using var model = ExportCases.BuildModel(exportCase, seed: 17);
        using var session = ParityRunner.Session(OnnxExporter.Export(model, exportCase.Metadata));
        int classes = exportCase.Spec.ClassCount;

        foreach (var batch in new[] { 1, 3 })
        {
            var shape = exportCase.Spec.InputShape(batch);
            manual_seed(100 + batch);
            float[] input = randn(shape).data<float>().ToArray();

            var expected = ParityRunner.RunTorch(model, input, shape);
            var (logits, probabilities) = ParityRunner.RunOnnx(session, input, shape);

            float difference = ParityRunner.MaxAbsDifference(expected, logits);
            output.WriteLine($"{caseName} batch {batch}: max |logit difference| {difference:E2} (logits up to {expected.Max(Math.Abs):F3})");
            Assert.Equal(batch * classes, logits.Length);
            // Random weights give logits well away from zero; parity on all-zero logits would prove nothing.
            Assert.True(expected.Max(Math.Abs) > 0.05f, $"logits too small to compare: {expected.Max(Math.Abs)}");
            Assert.True(difference <= LogitTolerance, $"{caseName} batch {batch}: max |logit difference| {difference} > {LogitTolerance}");
            Assert.True(ParityRunner.WorstRowSumError(probabilities, classes) <= 1e-5, "probabilities must sum to 1 per item");
            Assert.True(ParityRunner.MaxAbsDifference(ParityRunner.Softmax(expected, classes), probabilities) <= 1e-5f, "probabilities must be the softmax of the logits");
        }
    }

    [Fact]
    public void Batch_norm_is_folded_into_the_convolutions_and_dropout_is_gone()
    {
        var exportCase = ExportCases.Named("arch1-logmel");
        using var model = ExportCases.BuildModel(exportCase, seed: 3);
        var graph = OnnxExporter.Export(model, exportCase.Metadata).Graph;
        var ops = graph.Node.Select(n => n.OpType).ToList();

        Assert.DoesNotContain("BatchNormalization", ops);
        Assert.DoesNotContain("Dropout", ops);
        Assert.Equal(4, ops.Count(o => o == "Conv"));
        // Every Conv reads a folded bias: the trained convolutions have none, so it can only come from the batch norm.
        Assert.All(graph.Node.Where(n => n.OpType == "Conv"), n => Assert.Equal(3, n.Input.Count));
    }

    [Fact]
    public void Metadata_that_does_not_describe_the_model_is_refused_with_the_mismatch_named()
    {
        var exportCase = ExportCases.Named("arch1-logmel");
        using var model = ExportCases.BuildModel(exportCase, seed: 3);

        var tooFewLabels = exportCase.Metadata with { Labels = ["a", "b"] };
        Assert.Contains("2 labels", Assert.Throws<ArgumentException>(() => OnnxExporter.Export(model, tooFewLabels)).Message);

        var otherWindow = exportCase.Metadata with { WindowFrames = 32 };
        Assert.Contains("[1, 32, 64]", Assert.Throws<ArgumentException>(() => OnnxExporter.Export(model, otherWindow)).Message);
    }
}
