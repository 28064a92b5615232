using EdgeSound.Shared.Features;
using EdgeSound.Shared.Models;
using EdgeSound.Trainer.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EdgeSound.Trainer.Tests.Export;

/// <summary>One small model to export: its spec and the metadata that describes it.</summary>
public sealed record ExportCase(string Name, ModelSpec Spec, ModelMetadata Metadata)
{
    public override string ToString() => Name;
}

/// <summary>
/// Tiny but complete models of both architectures and input kinds (Arch2 with 1, 2 and 4 heads,
/// dk != dv in two of them), and a way to give them non-trivial weights and normalisation state.
/// </summary>
public static class ExportCases
{
    private const int Classes = 5;
    private static readonly string[] Labels = ["a", "b", "c", "d", "e"];

    // Log-mel: 32 mels x 64 frames -> 2 x 4 after the stack (4 tokens).
    private static readonly FeatureConfig LogMelFeatures = FeatureConfig.Default with { MelCount = 32 };
    private const int LogMelFrames = 64;

    // Waveform: 10 frames = 3904 samples at 16 kHz -> 3 tokens after the Conv1d stack.
    private const int WaveformFrames = 10;

    public static IReadOnlyList<ExportCase> All { get; } =
    [
        Make("arch1-logmel", Architecture.Cnn, InputKind.LogMel),
        Make("arch1-waveform", Architecture.Cnn, InputKind.Waveform),
        Make("arch2-h1-dk8-dv12-logmel", Architecture.CnnTransformer, InputKind.LogMel, heads: 1, dk: 8, dv: 12),
        Make("arch2-h1-dk8-dv12-waveform", Architecture.CnnTransformer, InputKind.Waveform, heads: 1, dk: 8, dv: 12),
        Make("arch2-h2-dk8-dv8-logmel", Architecture.CnnTransformer, InputKind.LogMel, heads: 2, dk: 8, dv: 8),
        Make("arch2-h2-dk8-dv8-waveform", Architecture.CnnTransformer, InputKind.Waveform, heads: 2, dk: 8, dv: 8),
        Make("arch2-h4-dk4-dv6-logmel", Architecture.CnnTransformer, InputKind.LogMel, heads: 4, dk: 4, dv: 6),
        Make("arch2-h4-dk4-dv6-waveform", Architecture.CnnTransformer, InputKind.Waveform, heads: 4, dk: 4, dv: 6),
    ];

    public static ExportCase Named(string name) => All.Single(c => c.Name == name);

    public static IEnumerable<object[]> Names => All.Select(c => new object[] { c.Name });

    /// <summary>
    /// The case's model with seeded random weights and random batch-norm running statistics and
    /// norm affine parameters (the defaults, mean 0 / var 1 / gamma 1 / beta 0, would make batch-norm
    /// folding and LayerNorm scaling untestable), in eval mode.
    /// </summary>
    public static nn.Module<Tensor, Tensor> BuildModel(ExportCase exportCase, long seed)
    {
        manual_seed(seed);
        var model = ModelFactory.Create(exportCase.Spec);
        using (no_grad())
        {
            foreach (var (_, module) in model.named_modules())
            {
                switch (module)
                {
                    case BatchNorm norm:
                        norm.running_mean!.copy_(randn_like(norm.running_mean) * 0.5);
                        norm.running_var!.copy_(rand_like(norm.running_var) * 2.0 + 0.2);
                        norm.weight!.copy_(randn_like(norm.weight) * 0.3 + 1.0);
                        norm.bias!.copy_(randn_like(norm.bias) * 0.3);
                        break;
                    case LayerNorm norm:
                        norm.weight!.copy_(randn_like(norm.weight) * 0.3 + 1.0);
                        norm.bias!.copy_(randn_like(norm.bias) * 0.3);
                        break;
                }
            }
            if (model is CnnTransformerClassifier transformer)
            {
                // Larger CLS and positions than the 0.02 start, so their export path visibly matters.
                transformer.ClsToken.copy_(randn_like(transformer.ClsToken));
                transformer.PositionalEmbedding.copy_(randn_like(transformer.PositionalEmbedding) * 0.5);
            }
        }
        model.eval();
        return model;
    }

    private static ExportCase Make(string name, Architecture architecture, InputKind kind, int heads = 2, int dk = 8, int dv = 8)
    {
        var features = kind == InputKind.LogMel ? LogMelFeatures : FeatureConfig.Default;
        int frames = kind == InputKind.LogMel ? LogMelFrames : WaveformFrames;
        var spec = kind == InputKind.LogMel
            ? ModelSpec.ForLogMel(architecture, Classes, features.MelCount, frames)
            : ModelSpec.ForWaveform(architecture, Classes, features.SamplesForFrames(frames));
        spec = spec with
        {
            Dropout = 0.3, BaseChannels = 8, FcSize = 16,
            FeaturesLength = 16, NHeads = heads, Dk = dk, Dv = dv, NumBlocks = 2, FfSize = 32, MaxTokens = 8,
        };
        var metadata = new ModelMetadata
        {
            Labels = Labels,
            Features = features,
            WindowFrames = frames,
            HopFrames = Math.Max(1, frames / 4),
            InputKind = kind,
            RunJson = $$"""{"case":"{{name}}"}""",
        };
        return new ExportCase(name, spec, metadata);
    }
}
