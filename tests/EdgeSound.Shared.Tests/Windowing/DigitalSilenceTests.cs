using EdgeSound.Shared.Windowing;
using Xunit;

namespace EdgeSound.Shared.Tests.Windowing;

public class DigitalSilenceTests
{
    [Fact]
    public void Zero_fraction_counts_exact_zeros_only()
    {
        float[] x = [0f, 0f, 1e-9f, -0.5f, 0f, 0.25f, 0f, 0f];
        Assert.Equal(5 / 8.0, DigitalSilence.ZeroFraction(x));
        Assert.True(DigitalSilence.IsMostlySilent(x));
        Assert.False(DigitalSilence.IsMostlySilent(x, maxZeroFraction: 0.7));
    }

    [Fact]
    public void Masking_replaces_long_zero_runs_and_keeps_short_ones_and_signal()
    {
        var x = new float[200];
        for (int i = 0; i < 50; i++) x[i] = MathF.Sin(i * 0.3f) + 2f; // never zero
        x[60] = 0.5f;                                                 // zeros 50..59 (run of 10) stay
        // 61..199 is a run of 139 zeros: replaced
        var before = (float[])x.Clone();

        int replaced = DigitalSilence.MaskWithNoise(x, seed: 7, noiseRms: 1e-3f, minRun: 32);

        Assert.Equal(139, replaced);
        Assert.Equal(before.AsSpan(0, 61).ToArray(), x.AsSpan(0, 61).ToArray());
        Assert.DoesNotContain(0f, x.AsSpan(61).ToArray());
        double rms = Math.Sqrt(x.AsSpan(61).ToArray().Average(v => (double)v * v));
        Assert.InRange(rms, 0.7e-3, 1.3e-3);
    }

    [Fact]
    public void Masking_is_reproducible_for_a_seed_and_differs_across_seeds()
    {
        float[] a = new float[100], b = new float[100], c = new float[100];
        DigitalSilence.MaskWithNoise(a, seed: 1);
        DigitalSilence.MaskWithNoise(b, seed: 1);
        DigitalSilence.MaskWithNoise(c, seed: 2);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }
}
