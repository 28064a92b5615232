using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EdgeSound.Trainer.Models;

/// <summary>
/// Multi-head self-attention over [B, N, d] with separate query/key width <c>dk</c> and value width
/// <c>dv</c> per head (TorchSharp's nn.MultiheadAttention ties them). Per head:
/// softmax(Q K^T / sqrt(dk)) V; heads are concatenated and projected back to d.
/// Only MatMul, Reshape, Transpose, Mul, Softmax and Gemm, so it exports to plain ONNX opset 17.
/// </summary>
public sealed class MultiHeadSelfAttention : nn.Module<Tensor, Tensor>
{
    private readonly Linear query;
    private readonly Linear key;
    private readonly Linear value;
    private readonly Linear output;

    /// <summary>Creates the four projections: d -> h*dk (Q, K), d -> h*dv (V), h*dv -> d (output).</summary>
    public MultiHeadSelfAttention(string name, int modelWidth, int heads, int dk, int dv) : base(name)
    {
        if (modelWidth < 1 || heads < 1 || dk < 1 || dv < 1)
            throw new ArgumentOutOfRangeException(nameof(heads), $"width {modelWidth}, heads {heads}, dk {dk}, dv {dv}: all must be at least 1.");
        ModelWidth = modelWidth;
        Heads = heads;
        Dk = dk;
        Dv = dv;
        query = nn.Linear(modelWidth, heads * dk);
        key = nn.Linear(modelWidth, heads * dk);
        value = nn.Linear(modelWidth, heads * dv);
        output = nn.Linear(heads * dv, modelWidth);
        RegisterComponents();
    }

    /// <summary>Token width d.</summary>
    public int ModelWidth { get; }

    /// <summary>Number of heads h.</summary>
    public int Heads { get; }

    /// <summary>Per-head query/key width.</summary>
    public int Dk { get; }

    /// <summary>Per-head value width.</summary>
    public int Dv { get; }

    /// <summary>Query projection, weight [h*dk, d].</summary>
    public Linear Query => query;

    /// <summary>Key projection, weight [h*dk, d].</summary>
    public Linear Key => key;

    /// <summary>Value projection, weight [h*dv, d].</summary>
    public Linear Value => value;

    /// <summary>Output projection, weight [d, h*dv].</summary>
    public Linear Output => output;

    /// <summary>Attention probabilities [B, h, N, N] for tokens [B, N, d]; each row sums to 1.</summary>
    public Tensor AttentionWeights(Tensor tokens)
    {
        using var scope = NewDisposeScope();
        var q = SplitHeads(query.forward(tokens), Dk);
        var k = SplitHeads(key.forward(tokens), Dk);
        var scores = q.matmul(k.transpose(-2, -1)).mul(1.0 / Math.Sqrt(Dk));
        return scores.softmax(-1).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor tokens)
    {
        using var scope = NewDisposeScope();
        long batch = tokens.shape[0], count = tokens.shape[1];
        var weights = AttentionWeights(tokens);                       // [B, h, N, N]
        var v = SplitHeads(value.forward(tokens), Dv);                // [B, h, N, dv]
        var context = weights.matmul(v)                               // [B, h, N, dv]
            .transpose(1, 2)                                          // [B, N, h, dv]
            .reshape(batch, count, (long)Heads * Dv);                 // [B, N, h*dv]
        return output.forward(context).MoveToOuterDisposeScope();
    }

    // [B, N, h*w] -> [B, h, N, w]
    private Tensor SplitHeads(Tensor projected, int width) =>
        projected.reshape(projected.shape[0], projected.shape[1], Heads, width).transpose(1, 2);
}
