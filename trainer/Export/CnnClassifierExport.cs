using EdgeSound.Shared.Models;
using EdgeSound.Shared.Onnx;
using EdgeSound.Trainer.Models;

namespace EdgeSound.Trainer.Export;

/// <summary>
/// Writes Arch1 (<see cref="CnnClassifier"/>): conv stack, GlobalAveragePool + Flatten to [B, C],
/// Gemm, Relu, Gemm to the logits. Its dropouts are identities in eval mode and are left out.
/// </summary>
internal static class CnnClassifierExport
{
    public static void Emit(OnnxGraphBuilder builder, CnnClassifier model, string input)
    {
        var maps = ConvStackExport.Emit(builder, model.Features, input);
        var pooled = builder.AddNode("GlobalAveragePool", [maps], "pool");                 // [B, C, 1(, 1)]
        var flat = builder.AddNode("Flatten", [pooled], "pooled", OnnxAttribute.Int("axis", 1)); // [B, C]
        var hidden = LinearExport.Gemm(builder, model.Hidden, "fc", flat);
        hidden = builder.AddNode("Relu", [hidden], "fc.relu");
        LinearExport.Gemm(builder, model.Output, "out", hidden, exactOutput: ModelMetadata.LogitsName);
    }
}
