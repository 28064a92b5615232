using EdgeSound.Shared.Onnx;
using TorchSharp.Modules;

namespace EdgeSound.Trainer.Export;

/// <summary>Writes a trained LayerNorm over the last axis as one ONNX LayerNormalization (opset 17).</summary>
internal static class LayerNormExport
{
    public static string Emit(OnnxGraphBuilder builder, LayerNorm norm, string name, string input)
    {
        if (norm.normalized_shape.Length != 1)
            throw new NotSupportedException($"{name}: only a LayerNorm over the last axis is exported (normalized_shape [{string.Join(", ", norm.normalized_shape)}]).");
        long width = norm.normalized_shape[0];
        var scale = norm.weight is null ? Filled(width, 1f) : Weights.Of(norm.weight);
        var bias = norm.bias is null ? Filled(width, 0f) : Weights.Of(norm.bias);
        var scaleName = builder.AddInitializer($"{name}.weight", scale, width);
        var biasName = builder.AddInitializer($"{name}.bias", bias, width);
        return builder.AddNode("LayerNormalization", [input, scaleName, biasName], name,
            OnnxAttribute.Int("axis", -1),
            OnnxAttribute.Float("epsilon", (float)norm.eps));
    }

    private static float[] Filled(long count, float value)
    {
        var values = new float[count];
        Array.Fill(values, value);
        return values;
    }
}
