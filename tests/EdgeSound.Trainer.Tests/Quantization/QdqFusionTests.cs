using EdgeSound.Shared.Tests.Support;
using EdgeSound.Trainer.Quantization;
using Xunit;

namespace EdgeSound.Trainer.Tests.Quantization;

public sealed class QdqFusionTests : IDisposable
{
    private readonly QuantizedModels _models = new();

    public void Dispose() => _models.Dispose();

    [Fact]
    public void The_int8_cnn_runs_in_onnx_runtime_as_qlinearconv_qgemm_and_qlinear_global_average_pool()
    {
        var (_, int8Path, _) = _models.Quantize(TestGraphs.Cnn(), "cnn");

        var ops = OpCounts.Of(_models.Optimized(int8Path));

        Assert.Equal(2, ops.GetValueOrDefault("com.microsoft.QLinearConv"));
        Assert.Equal(2, ops.GetValueOrDefault("com.microsoft.QGemm"));
        Assert.Equal(1, ops.GetValueOrDefault("com.microsoft.QLinearGlobalAveragePool"));
        // Nothing of the float compute is left: the ReLUs were folded, the pool runs on uint8.
        Assert.DoesNotContain(ops.Keys, op => op is "Conv" or "Gemm" or "Relu" or "GlobalAveragePool");
        Assert.Equal(1, ops.GetValueOrDefault("QuantizeLinear")); // only the model input is quantised at run time
    }

    [Fact]
    public void The_int8_transformer_runs_every_matmul_as_qlinearmatmul_and_keeps_softmax_and_layer_norm_float_by_default()
    {
        var (_, int8Path, _) = _models.Quantize(TestGraphs.Transformer(), "transformer");

        var ops = OpCounts.Of(_models.Optimized(int8Path));

        // 4 with a constant weight (embedding, q, k, v) + 2 between activations (scores, context).
        Assert.Equal(6, ops.GetValueOrDefault("QLinearMatMul"));
        Assert.Equal(2, ops.GetValueOrDefault("com.microsoft.QLinearAdd"));
        Assert.Equal(1, ops.GetValueOrDefault("com.microsoft.QLinearConcat"));
        Assert.Equal(1, ops.GetValueOrDefault("com.microsoft.QGemm"));
        Assert.Equal(2, ops.GetValueOrDefault("Softmax"));
        Assert.Equal(1, ops.GetValueOrDefault("LayerNormalization"));
        Assert.False(ops.ContainsKey("com.microsoft.QLinearSoftmax"));
        Assert.False(ops.ContainsKey("MatMul"));
    }

    [Fact]
    public void Int64_shape_arithmetic_is_never_quantised()
    {
        var result = ModelQuantizer.Quantize(TestGraphs.Transformer(), TestGraphs.Inputs(16, seed: 7), new QuantizationOptions());

        string[] shapeTensors = ["input_shape", "batch_size", "batch_size_1d", "squeezed_shape"];
        Assert.DoesNotContain(result.Model.Graph.Node, n => n.OpType == "QuantizeLinear" && shapeTensors.Contains(n.Input[0]));
        Assert.Contains(result.Plan.Nodes, p => p.Node.Output[0] == "squeezed_shape" && p.Treatment == NodeTreatment.Float);
        Assert.Contains(result.Plan.Nodes, p => p.Node.Output[0] == "pooled" && p.Treatment == NodeTreatment.Activation);
    }

    [Fact]
    public void Keep_float_none_lets_onnx_runtime_fuse_the_attention_softmax_too()
    {
        var (_, int8Path, _) = _models.Quantize(TestGraphs.Transformer(), "transformer-all",
            new QuantizationOptions { KeepFloat = QuantizationOptions.ParseKeepFloat("none") });

        var ops = OpCounts.Of(_models.Optimized(int8Path));

        Assert.Equal(1, ops.GetValueOrDefault("com.microsoft.QLinearSoftmax"));
        Assert.Equal(1, ops.GetValueOrDefault("Softmax")); // the output softmax reads the float logits
    }

    [Fact]
    public void A_node_named_in_keep_float_stays_a_float_matmul_reading_float_tensors()
    {
        var model = TestGraphs.Transformer();
        var scores = model.Graph.Node.Single(n => n.Output[0] == "scores");

        var (_, int8Path, result) = _models.Quantize(model, "transformer-keep", new QuantizationOptions
        {
            KeepFloat = QuantizationOptions.ParseKeepFloat($"Softmax,LayerNormalization,{scores.Name}"),
        });

        var kept = result.Model.Graph.Node.Single(n => n.Name == scores.Name);
        Assert.Equal(["q", "k_t"], kept.Input);
        var ops = OpCounts.Of(_models.Optimized(int8Path));
        Assert.Equal(1, ops.GetValueOrDefault("MatMul"));
        // q's producer now ends in float (only the kept node reads it): ORT runs it as int8 with a float output.
        Assert.Equal(1, ops.GetValueOrDefault("com.microsoft.MatMulIntegerToFloat"));
        Assert.Equal(4, ops.GetValueOrDefault("QLinearMatMul"));
    }

    [Fact]
    public void Keep_float_conv_leaves_the_convolutions_float_reading_float_weights_and_inputs()
    {
        var (_, int8Path, result) = _models.Quantize(TestGraphs.Cnn(), "cnn-keep-conv",
            new QuantizationOptions { KeepFloat = QuantizationOptions.ParseKeepFloat("Conv,Softmax") });

        var convs = result.Model.Graph.Node.Where(n => n.OpType == "Conv").ToArray();
        Assert.Equal(2, convs.Length);
        Assert.All(convs, c => Assert.Contains(result.Model.Graph.Initializer, t => t.Name == c.Input[1] && t.DataType == 1));
        // In the file both stay float. (ONNX Runtime itself may still run conv2 in int8: it moves the
        // DequantizeLinear of relu1 past MaxPool and quantises a float Conv that sits between DQ and Q.)
        Assert.DoesNotContain(result.Model.Graph.Node, n => n.OpType == "Conv" && n.Input[0].EndsWith("_dq", StringComparison.Ordinal));
        var ops = OpCounts.Of(_models.Optimized(int8Path));
        Assert.Equal(2, ops.GetValueOrDefault("com.microsoft.QGemm"));
    }

    [SkippableFact]
    public void The_int8_files_pass_the_onnx_checker()
    {
        ExternalTools.RequirePythonModule("onnx");
        var cnn = _models.Quantize(TestGraphs.Cnn(), "cnn-check").Int8Path;
        var transformer = _models.Quantize(TestGraphs.Transformer(), "transformer-check").Int8Path;

        int exitCode = ExternalTools.Run(ExternalTools.Python,
            ["-c", "import onnx, sys\nfor p in sys.argv[1:]: onnx.checker.check_model(onnx.load(p), full_check=True)", cnn, transformer], out var log);

        Assert.True(exitCode == 0, log);
    }
}
