using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EdgeSound.Trainer.Models;

/// <summary>
/// One pre-norm Transformer encoder block on [B, N, d]:
/// x + Dropout(MHSA(LayerNorm(x))), then x + Dropout(FF(LayerNorm(x))) with FF = Linear(d, ff) ->
/// ReLU -> Dropout -> Linear(ff, d).
/// Pre-norm because the residual path stays an identity: it trains stably from scratch without a
/// learning-rate warm-up on a dataset as small as ESC-10, which post-norm often needs. The price is
/// one LayerNorm after the last block, which <see cref="CnnTransformerClassifier"/> applies.
/// ReLU rather than GELU because it maps to a single ONNX Relu and quantises cleanly.
/// </summary>
public sealed class TransformerEncoderBlock : nn.Module<Tensor, Tensor>
{
    private readonly LayerNorm attentionNorm;
    private readonly MultiHeadSelfAttention attention;
    private readonly Dropout attentionDropout;
    private readonly LayerNorm feedForwardNorm;
    private readonly Sequential feedForward;
    private readonly Dropout feedForwardDropout;

    /// <summary>Builds a block with token width <paramref name="modelWidth"/>.</summary>
    public TransformerEncoderBlock(string name, int modelWidth, int heads, int dk, int dv, int feedForwardWidth, double dropout)
        : base(name)
    {
        attentionNorm = nn.LayerNorm(modelWidth);
        attention = new MultiHeadSelfAttention("attention", modelWidth, heads, dk, dv);
        attentionDropout = nn.Dropout(dropout);
        feedForwardNorm = nn.LayerNorm(modelWidth);
        feedForward = nn.Sequential(
            ("fc1", nn.Linear(modelWidth, feedForwardWidth)),
            ("relu", nn.ReLU()),
            ("dropout", nn.Dropout(dropout)),
            ("fc2", nn.Linear(feedForwardWidth, modelWidth)));
        feedForwardDropout = nn.Dropout(dropout);
        RegisterComponents();
    }

    /// <summary>LayerNorm before the attention.</summary>
    public LayerNorm AttentionNorm => attentionNorm;

    /// <summary>The self-attention.</summary>
    public MultiHeadSelfAttention Attention => attention;

    /// <summary>LayerNorm before the feed-forward.</summary>
    public LayerNorm FeedForwardNorm => feedForwardNorm;

    /// <summary>The feed-forward: fc1, relu, dropout, fc2.</summary>
    public Sequential FeedForward => feedForward;

    /// <summary>First feed-forward layer, d -> FfSize.</summary>
    public Linear FeedForwardIn => feedForward.Child<Linear>("fc1");

    /// <summary>Second feed-forward layer, FfSize -> d.</summary>
    public Linear FeedForwardOut => feedForward.Child<Linear>("fc2");

    /// <inheritdoc/>
    public override Tensor forward(Tensor tokens)
    {
        using var scope = NewDisposeScope();
        var x = tokens + attentionDropout.forward(attention.forward(attentionNorm.forward(tokens)));
        x = x + feedForwardDropout.forward(feedForward.forward(feedForwardNorm.forward(x)));
        return x.MoveToOuterDisposeScope();
    }
}
