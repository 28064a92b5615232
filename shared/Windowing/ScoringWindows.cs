using EdgeSound.Shared.Randomness;
using EdgeSound.Shared.Features;

namespace EdgeSound.Shared.Windowing;

/// <summary>
/// Which windows of a recorded clip are scored, decided the same way wherever a clip is scored
/// (trainer validation, exported-model evaluation, the device classifying a file): the shared
/// sliding-window starts, minus windows that are mostly digital silence (padding, not sound).
/// If every window is mostly silence the least silent one is kept, so every clip gets a score.
/// </summary>
public static class ScoringWindows
{
    /// <summary>Frame starts of the windows to score for a clip of <paramref name="samples"/> at the config's rate.</summary>
    public static int[] Starts(ReadOnlySpan<float> samples, FeatureConfig features, int windowFrames, int hopFrames,
        double maxZeroFraction = DigitalSilence.DefaultMaxZeroFraction)
    {
        int frameCount = features.FrameCount(samples.Length);
        var sampleStarts = SlidingWindows.Starts(frameCount, windowFrames, hopFrames).Select(frame => frame * features.HopLength).ToArray();
        var kept = DigitalSilence.UsableWindowStarts(samples, features.SamplesForFrames(windowFrames), sampleStarts, maxZeroFraction);
        return kept.Select(sample => sample / features.HopLength).ToArray();
    }

    /// <summary>
    /// Prepares a recorded clip for scoring: pads a clip shorter than one window with zeros, picks
    /// the windows to score (on the unmasked audio, so padding is recognised), then replaces runs of
    /// digital silence with a quiet noise floor seeded by the clip's name.
    /// </summary>
    public static ScoringPlan Plan(ReadOnlySpan<float> samples, FeatureConfig features, int windowFrames, int hopFrames, string clipName)
    {
        int span = features.SamplesForFrames(windowFrames);
        var audio = new float[Math.Max(span, samples.Length)];
        samples.CopyTo(audio);
        var starts = Starts(audio, features, windowFrames, hopFrames);
        DigitalSilence.MaskWithNoise(audio, SeedFor(clipName));
        return new ScoringPlan(audio, starts);
    }

    /// <summary>
    /// A clip-stable seed for masking its padding with noise, so a clip is scored identically in
    /// every run and process (string.GetHashCode is randomised per process).
    /// </summary>
    public static ulong SeedFor(string clipName) => StableHash.Of(clipName, seed: 0);
}

/// <summary>A clip ready for scoring: its audio (padding masked) and the frame starts of its windows.</summary>
public sealed record ScoringPlan(float[] Samples, int[] Starts);
