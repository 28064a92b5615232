using EdgeSound.Shared.Features;
using EdgeSound.Shared.Models;

namespace EdgeSound.Trainer.Data;

/// <summary>
/// How a clip is cut into model inputs: a window of <see cref="WindowFrames"/> log-mel frames,
/// which spans <see cref="SpanSamples"/> samples; windows step by <see cref="HopFrames"/> frames in
/// evaluation (the device's hop). Both input kinds see exactly the same span of audio.
/// </summary>
public sealed record WindowGeometry
{
    public WindowGeometry(FeatureConfig features, int windowFrames, int hopFrames)
    {
        features.Validate();
        ModelInputShape.RequireUncentred(features);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowFrames, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hopFrames, 1);
        Features = features;
        WindowFrames = windowFrames;
        HopFrames = hopFrames;
    }

    public FeatureConfig Features { get; }
    public int WindowFrames { get; }
    public int HopFrames { get; }

    /// <summary>Samples covered by one window of <see cref="WindowFrames"/> frames.</summary>
    public int SpanSamples => ModelInputShape.WindowSamples(Features, WindowFrames);

    /// <summary>Sample where the window that starts at frame <paramref name="frame"/> begins.</summary>
    public int SampleOfFrame(int frame) => frame * Features.HopLength;

    public double WindowSeconds => SpanSamples / (double)Features.SampleRate;
    public double HopSeconds => HopFrames * Features.HopLength / (double)Features.SampleRate;
}
