using EdgeSound.Shared.Dsp;

namespace EdgeSound.Shared.Tests.Dsp;

/// <summary>Synthetic signals and the measurements the resampler tests make on them.</summary>
internal static class ResamplerTestSignals
{
    /// <summary>amplitude · sin(2π f n / rate + phase) for n = 0 .. length-1.</summary>
    public static float[] Sine(double frequency, int rate, int length, double amplitude = 1, double phase = 0)
    {
        var samples = new float[length];
        for (var n = 0; n < length; n++)
            samples[n] = (float)(amplitude * Math.Sin(2 * Math.PI * frequency * n / rate + phase));
        return samples;
    }

    /// <summary>Uniform noise in [-1, 1) from a fixed seed.</summary>
    public static float[] Noise(int length, int seed)
    {
        var random = new Random(seed);
        var samples = new float[length];
        for (var n = 0; n < length; n++) samples[n] = (float)(random.NextDouble() * 2 - 1);
        return samples;
    }

    /// <summary>Root mean square of a span, computed in double.</summary>
    public static double Rms(ReadOnlySpan<float> samples)
    {
        double sum = 0;
        foreach (var sample in samples) sum += (double)sample * sample;
        return Math.Sqrt(sum / samples.Length);
    }

    /// <summary>20·log10(level / reference).</summary>
    public static double Decibels(double level, double reference) => 20 * Math.Log10(level / reference);

    /// <summary>
    /// Output samples near either end see the zeros outside the input; this many on each side are skipped
    /// when measuring the steady state.
    /// </summary>
    public static int EdgeMargin(Resampler resampler) =>
        (int)Math.Ceiling((double)resampler.TapsPerPhase * resampler.OutputRate / resampler.InputRate) + 8;

    /// <summary>
    /// Least-squares fit of a·cos(ωn) + b·sin(ωn) at a known frequency over <paramref name="samples"/>
    /// (n counted from <paramref name="firstIndex"/>): the fitted amplitude and the RMS of what is left.
    /// </summary>
    public static (double Amplitude, double ResidualRms) FitSine(
        ReadOnlySpan<float> samples, int firstIndex, double frequency, int rate)
    {
        double cc = 0, cs = 0, ss = 0, yc = 0, ys = 0;
        for (var i = 0; i < samples.Length; i++)
        {
            var angle = 2 * Math.PI * frequency * (firstIndex + i) / rate;
            double c = Math.Cos(angle), s = Math.Sin(angle), y = samples[i];
            cc += c * c; cs += c * s; ss += s * s; yc += y * c; ys += y * s;
        }
        var determinant = cc * ss - cs * cs;
        var a = (yc * ss - ys * cs) / determinant;
        var b = (ys * cc - yc * cs) / determinant;

        double residual = 0;
        for (var i = 0; i < samples.Length; i++)
        {
            var angle = 2 * Math.PI * frequency * (firstIndex + i) / rate;
            var error = samples[i] - (a * Math.Cos(angle) + b * Math.Sin(angle));
            residual += error * error;
        }
        return (Math.Sqrt(a * a + b * b), Math.Sqrt(residual / samples.Length));
    }

    /// <summary>True when both arrays hold the same float bit patterns.</summary>
    public static bool BitIdentical(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        if (expected.Length != actual.Length) return false;
        for (var i = 0; i < expected.Length; i++)
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i])) return false;
        return true;
    }
}
