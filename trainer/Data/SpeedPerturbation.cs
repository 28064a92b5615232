using EdgeSound.Shared.Dsp;

namespace EdgeSound.Trainer.Data;

/// <summary>
/// Speed perturbation (Ko et al., Interspeech 2015): a clip played faster or slower, so pitch and tempo
/// move together as with another dog, rotor or engine speed. Speeds lie on a grid of
/// <see cref="Step"/> within +-the largest change, 1.0 included; each is one band-limited resampling of
/// the whole clip with the shared resampler (the ratio is what matters to it, not the rates in Hz), so
/// a sped-up clip's content above the Nyquist frequency is filtered out, never folded back.
/// </summary>
public static class SpeedPerturbation
{
    /// <summary>The grid of speeds: 5% apart, so each is the simple ratio n/20 of the original.</summary>
    public const double Step = 0.05;

    /// <summary>The largest change a sweep may ask for: beyond +-50% a sound is no longer the same kind of sound.</summary>
    public const double MaxChange = 0.5;

    private const int GridDenominator = 20;

    /// <summary>
    /// The speeds to draw from for a largest relative change of <paramref name="maxChange"/>
    /// (0.15: 0.85, 0.90, ..., 1.15); 0 gives only 1.0.
    /// </summary>
    public static IReadOnlyList<double> Speeds(double maxChange)
    {
        if (!(maxChange >= 0 && maxChange <= MaxChange))
            throw new ArgumentOutOfRangeException(nameof(maxChange), maxChange, $"speed_change must be in [0, {MaxChange}] (got {maxChange}).");
        int steps = (int)Math.Floor(maxChange / Step + 1e-9);
        return Enumerable.Range(-steps, 2 * steps + 1).Select(k => (double)(GridDenominator + k) / GridDenominator).ToList();
    }

    /// <summary>
    /// The clip played at <paramref name="speed"/> times its speed: about N / speed samples at the same
    /// sample rate, every frequency times <paramref name="speed"/>. Speed 1 returns a copy.
    /// </summary>
    public static float[] Apply(ReadOnlySpan<float> samples, double speed)
    {
        int numerator = (int)Math.Round(speed * GridDenominator);
        if (numerator <= 0 || Math.Abs(numerator - speed * GridDenominator) > 1e-6)
            throw new ArgumentOutOfRangeException(nameof(speed), speed, $"A speed must be a positive multiple of {Step} (got {speed}).");
        // Read at `numerator` samples per tick and written at `GridDenominator`: N x 20 / n samples out.
        return Resampler.Resample(samples, numerator, GridDenominator);
    }
}
