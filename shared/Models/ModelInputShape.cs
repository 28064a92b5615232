using EdgeSound.Shared.Features;

namespace EdgeSound.Shared.Models;

/// <summary>
/// The one rule for a model input's size: the samples a window of log-mel frames spans, and the
/// floats the model reads from it ([1, mels, frames] for log-mel, [1, samples] for waveform). The
/// model file, the input writer, the trainer's windows and the device's live window all use it.
/// </summary>
public static class ModelInputShape
{
    /// <summary>
    /// Refuses a centred feature configuration: windows are cut from audio in samples, which reproduces
    /// a clip's frames (and the device's streamed frames) only when frame k starts at sample k·hop.
    /// </summary>
    /// <exception cref="ArgumentException"><see cref="FeatureConfig.Center"/> is true.</exception>
    public static void RequireUncentred(FeatureConfig features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Center)
            throw new ArgumentException(
                "Model windows are cut from audio in samples, which needs a feature configuration with center=false (frame k starts at sample k*hop).",
                nameof(features));
    }

    /// <summary>Samples a window of <paramref name="windowFrames"/> frames spans, at the features' rate.</summary>
    public static int WindowSamples(FeatureConfig features, int windowFrames) => features.SamplesForFrames(windowFrames);

    /// <summary>Floats in one model input.</summary>
    public static int Length(FeatureConfig features, int windowFrames, InputKind kind) => kind == InputKind.LogMel
        ? checked(features.MelCount * windowFrames)
        : WindowSamples(features, windowFrames);

    /// <summary>Shape of one input without the batch dimension: [1, mels, frames] or [1, samples].</summary>
    public static long[] Of(FeatureConfig features, int windowFrames, InputKind kind) => kind == InputKind.LogMel
        ? [1, features.MelCount, windowFrames]
        : [1, WindowSamples(features, windowFrames)];
}
