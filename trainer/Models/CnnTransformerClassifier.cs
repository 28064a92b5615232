using EdgeSound.Shared.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EdgeSound.Trainer.Models;

/// <summary>
/// Arch2: <see cref="ConvStack"/> as a tokeniser that keeps the time axis (LogMel: mean over the
/// remaining mel bins), Linear to d, a learned CLS token in front, a learned positional embedding,
/// <see cref="ModelSpec.NumBlocks"/> pre-norm <see cref="TransformerEncoderBlock"/>s, a final
/// LayerNorm, and Dropout + Linear on the CLS output. Returns logits [B, ClassCount].
/// The token count is fixed by the spec's geometry, so every shape is static.
/// </summary>
public sealed class CnnTransformerClassifier : nn.Module<Tensor, Tensor>
{
    private readonly ConvStack features;
    private readonly Linear projection;
    private readonly Parameter clsToken;
    private readonly Parameter positionalEmbedding;
    private readonly Dropout embeddingDropout;
    private readonly Sequential encoder;
    private readonly LayerNorm finalNorm;
    private readonly Sequential classifier;

    /// <summary>Builds the model for a CnnTransformer spec (validated first).</summary>
    public CnnTransformerClassifier(ModelSpec spec) : base(nameof(CnnTransformerClassifier))
    {
        spec.Validate();
        if (spec.Architecture != Architecture.CnnTransformer)
            throw new ArgumentException($"CnnTransformerClassifier needs Architecture {Architecture.CnnTransformer}, the spec says {spec.Architecture}.", nameof(spec));
        Spec = spec;
        TokenCount = spec.TokenCount;
        int d = spec.FeaturesLength;

        features = new ConvStack(spec);
        projection = nn.Linear(features.OutputChannels, d);
        // Small random starts (std 0.02, as in ViT/BERT) so CLS and positions break symmetry
        // without swamping the projected features.
        clsToken = nn.Parameter(randn(1, 1, d).mul_(0.02));
        positionalEmbedding = nn.Parameter(randn(1, spec.MaxTokens, d).mul_(0.02));
        embeddingDropout = nn.Dropout(spec.Dropout);
        encoder = nn.Sequential(Enumerable.Range(0, spec.NumBlocks).Select(i =>
            ($"block{i + 1}", (nn.Module<Tensor, Tensor>)new TransformerEncoderBlock(
                $"block{i + 1}", d, spec.NHeads, spec.Dk, spec.Dv, spec.FfSize, spec.Dropout))));
        finalNorm = nn.LayerNorm(d);
        classifier = nn.Sequential(
            ("dropout", nn.Dropout(spec.Dropout)),
            ("out", nn.Linear(d, spec.ClassCount)));
        RegisterComponents();
    }

    /// <summary>The spec this model was built from.</summary>
    public ModelSpec Spec { get; }

    /// <summary>Tokens from the conv stack per item (the sequence is one longer with CLS).</summary>
    public int TokenCount { get; }

    /// <summary>The convolutional front end.</summary>
    public ConvStack Features => features;

    /// <summary>Per-time-step projection from conv channels to d.</summary>
    public Linear Projection => projection;

    /// <summary>The learned CLS token, [1, 1, d].</summary>
    public Parameter ClsToken => clsToken;

    /// <summary>The learned positional embedding, [1, MaxTokens, d]; the first TokenCount + 1 rows are used.</summary>
    public Parameter PositionalEmbedding => positionalEmbedding;

    /// <summary>The encoder blocks in order.</summary>
    public IReadOnlyList<TransformerEncoderBlock> Blocks => encoder.Children<TransformerEncoderBlock>();

    /// <summary>LayerNorm after the last block (needed with pre-norm blocks).</summary>
    public LayerNorm FinalNorm => finalNorm;

    /// <summary>The head on the CLS output: dropout, out.</summary>
    public Sequential Classifier => classifier;

    /// <summary>Output layer, d -> ClassCount.</summary>
    public Linear Output => classifier.Child<Linear>("out");

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        InputShapeGuard.Check(Spec, input, nameof(CnnTransformerClassifier));
        using var scope = NewDisposeScope();
        var tokens = Tokenise(input);                                         // [B, T, d]
        var cls = clsToken.expand(tokens.shape[0], -1, -1);                   // [B, 1, d]
        var sequence = cat([cls, tokens], 1)                                  // [B, T+1, d]
            + positionalEmbedding.narrow(1, 0, TokenCount + 1);
        sequence = embeddingDropout.forward(sequence);
        sequence = encoder.forward(sequence);
        sequence = finalNorm.forward(sequence);
        var clsOutput = sequence.select(1, 0);                                // [B, d]
        return classifier.forward(clsOutput).MoveToOuterDisposeScope();
    }

    /// <summary>Conv features as a token sequence [B, T, d], before CLS and positions.</summary>
    public Tensor Tokenise(Tensor input)
    {
        using var scope = NewDisposeScope();
        var maps = features.forward(input);                                   // LogMel [B,C,M',T]; Waveform [B,C,T]
        var steps = Spec.InputKind == InputKind.LogMel ? maps.mean([2]) : maps; // [B, C, T]
        return projection.forward(steps.transpose(1, 2)).MoveToOuterDisposeScope();
    }
}
