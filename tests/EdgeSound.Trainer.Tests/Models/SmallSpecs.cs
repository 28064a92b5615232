using EdgeSound.Shared.Models;
using EdgeSound.Trainer.Models;

namespace EdgeSound.Trainer.Tests.Models;

/// <summary>Small but valid geometries that keep unit tests fast.</summary>
internal static class SmallSpecs
{
    public const int Classes = 5;

    /// <summary>[B,1,32,64]: 2 mel bins x 4 tokens after the stack.</summary>
    public static ModelSpec LogMel(Architecture architecture) =>
        ModelSpec.ForLogMel(architecture, Classes, melCount: 32, windowFrames: 64) with
        {
            BaseChannels = 8, FcSize = 16, FeaturesLength = 16, NHeads = 2, Dk = 8, Dv = 8, FfSize = 32, MaxTokens = 8,
        };

    /// <summary>[B,1,4096]: 3 tokens after the stack.</summary>
    public static ModelSpec Waveform(Architecture architecture) =>
        ModelSpec.ForWaveform(architecture, Classes, windowSamples: 4096) with
        {
            BaseChannels = 8, FcSize = 16, FeaturesLength = 16, NHeads = 2, Dk = 8, Dv = 8, FfSize = 32, MaxTokens = 8,
        };

    public static ModelSpec Of(Architecture architecture, InputKind kind) =>
        kind == InputKind.LogMel ? LogMel(architecture) : Waveform(architecture);
}
