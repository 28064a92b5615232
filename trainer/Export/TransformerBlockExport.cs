using EdgeSound.Shared.Onnx;
using EdgeSound.Trainer.Models;
using TorchSharp.Modules;

namespace EdgeSound.Trainer.Export;

/// <summary>
/// Writes a pre-norm <see cref="TransformerEncoderBlock"/> (eval mode, so its dropouts vanish):
/// x + MHSA(LN(x)), then x + fc2(Relu(fc1(LN(x)))).
/// </summary>
internal static class TransformerBlockExport
{
    public static string Emit(OnnxGraphBuilder builder, TransformerEncoderBlock block, string name, string tokens)
    {
        var normed = LayerNormExport.Emit(builder, block.AttentionNorm, $"{name}.attention_norm", tokens);
        var attended = AttentionExport.Emit(builder, block.Attention, $"{name}.attention", normed);
        var x = builder.AddNode("Add", [tokens, attended], $"{name}.attention_residual");

        normed = LayerNormExport.Emit(builder, block.FeedForwardNorm, $"{name}.feed_forward_norm", x);
        RequireReluFeedForward(block, name);
        var hidden = LinearExport.MatMul(builder, block.FeedForwardIn, $"{name}.fc1", normed);
        hidden = builder.AddNode("Relu", [hidden], $"{name}.relu");
        var fed = LinearExport.MatMul(builder, block.FeedForwardOut, $"{name}.fc2", hidden);
        return builder.AddNode("Add", [x, fed], $"{name}.feed_forward_residual");
    }

    // The graph hard-codes Relu between fc1 and fc2; a block built with another activation must not export silently wrong.
    private static void RequireReluFeedForward(TransformerEncoderBlock block, string name)
    {
        var layers = block.FeedForward.named_children().Select(c => c.module).ToArray();
        if (layers is not [Linear, ReLU, Dropout, Linear])
            throw new NotSupportedException($"{name}: the feed-forward is [{string.Join(", ", layers.Select(l => l.GetType().Name))}]; the exporter writes Linear, ReLU, (Dropout), Linear.");
    }
}
