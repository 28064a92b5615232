using EdgeSound.Shared.Onnx;
using EdgeSound.Trainer.Models;

namespace EdgeSound.Trainer.Export;

/// <summary>
/// Writes <see cref="MultiHeadSelfAttention"/> on tokens [B, N, d] as plain ONNX ops, in the order
/// the module computes it: Q, K (h*dk) and V (h*dv) projections; split into heads
/// ([B, N, h, w] -> [B, h, N, w]); Q K^T, then times 1/sqrt(dk); Softmax over the keys; times V;
/// heads back together ([B, N, h*dv]); output projection.
/// </summary>
internal static class AttentionExport
{
    public static string Emit(OnnxGraphBuilder builder, MultiHeadSelfAttention attention, string name, string tokens)
    {
        int heads = attention.Heads, dk = attention.Dk, dv = attention.Dv;
        var q = SplitHeads(builder, LinearExport.MatMul(builder, attention.Query, $"{name}.query", tokens), heads, dk, $"{name}.q", [0, 2, 1, 3]);
        // K goes straight to [B, h, dk, N], the transposed operand of Q K^T, in one Transpose.
        var kT = SplitHeads(builder, LinearExport.MatMul(builder, attention.Key, $"{name}.key", tokens), heads, dk, $"{name}.k_t", [0, 2, 3, 1]);
        var v = SplitHeads(builder, LinearExport.MatMul(builder, attention.Value, $"{name}.value", tokens), heads, dv, $"{name}.v", [0, 2, 1, 3]);

        var scores = builder.AddNode("MatMul", [q, kT], $"{name}.scores");
        // The same float the module multiplies by: 1/sqrt(dk) computed in double, then rounded once.
        var scale = builder.AddScalar($"{name}.scale", (float)(1.0 / Math.Sqrt(dk)));
        scores = builder.AddNode("Mul", [scores, scale], $"{name}.scaled_scores");
        var weights = builder.AddNode("Softmax", [scores], $"{name}.weights", OnnxAttribute.Int("axis", -1));

        var context = builder.AddNode("MatMul", [weights, v], $"{name}.context");                      // [B, h, N, dv]
        context = builder.AddNode("Transpose", [context], $"{name}.context_t", OnnxAttribute.Ints("perm", 0, 2, 1, 3));
        var merged = builder.AddInitializer($"{name}.merged_shape", [0L, 0L, (long)heads * dv], 3); // 0 = keep B and N
        context = builder.AddNode("Reshape", [context, merged], $"{name}.merged");                       // [B, N, h*dv]
        return LinearExport.MatMul(builder, attention.Output, $"{name}.output", context);
    }

    // [B, N, h*w] -> [B, N, h, w] -> Transpose(perm)
    private static string SplitHeads(OnnxGraphBuilder builder, string projected, int heads, int width, string name, long[] perm)
    {
        var shape = builder.AddInitializer($"{name}.shape", [0L, 0L, heads, width], 4); // 0 = keep B and N
        var split = builder.AddNode("Reshape", [projected, shape], $"{name}.split");
        return builder.AddNode("Transpose", [split], name, OnnxAttribute.Ints("perm", perm));
    }
}
