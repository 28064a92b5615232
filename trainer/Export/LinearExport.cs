using EdgeSound.Shared.Onnx;
using TorchSharp.Modules;

namespace EdgeSound.Trainer.Export;

/// <summary>Writes a trained Linear layer as ONNX: Gemm on [B, in], MatMul + Add on [B, N, in].</summary>
internal static class LinearExport
{
    /// <summary>y = x W^T + b on a rank-2 input: one Gemm with transB = 1 (the weight keeps its [out, in] layout).</summary>
    public static string Gemm(OnnxGraphBuilder builder, Linear linear, string name, string input, string? exactOutput = null)
    {
        var weight = builder.AddInitializer($"{name}.weight", Weights.Of(linear.weight!), linear.out_features, linear.in_features);
        var bias = builder.AddInitializer($"{name}.bias", Bias(linear), linear.out_features);
        var transB = OnnxAttribute.Int("transB", 1);
        return exactOutput is null
            ? builder.AddNode("Gemm", [input, weight, bias], name, transB)
            : builder.AddNode("Gemm", [input, weight, bias], [exactOutput], transB)[0];
    }

    /// <summary>y = x W^T + b on tokens [B, N, in]: MatMul with the transposed weight, then Add.</summary>
    public static string MatMul(OnnxGraphBuilder builder, Linear linear, string name, string input)
    {
        var weight = builder.AddInitializer($"{name}.weight_t", Weights.Transposed(linear.weight!), linear.in_features, linear.out_features);
        var bias = builder.AddInitializer($"{name}.bias", Bias(linear), linear.out_features);
        var product = builder.AddNode("MatMul", [input, weight], $"{name}.matmul");
        return builder.AddNode("Add", [product, bias], name);
    }

    private static float[] Bias(Linear linear) =>
        linear.bias is null ? new float[linear.out_features] : Weights.Of(linear.bias);
}
