using EdgeSound.Shared.Windowing;
using Xunit;

namespace EdgeSound.Shared.Tests.Windowing;

public class DigitalSilenceTests
{
    [Fact]
    public void Only_exact_zeros_count_as_padding()
    {
        // Window 0 holds one exact zero (two tiny samples are sound, not padding); window 4 holds three.
        float[] x = [1e-9f, -1e-9f, 0f, -0.5f, 0f, 0f, 0f, 0.25f];
        Assert.Equal([0], DigitalSilence.UsableWindowStarts(x, 4, [0, 4]));
        Assert.Equal([0, 4], DigitalSilence.UsableWindowStarts(x, 4, [0, 4], maxZeroFraction: 0.75));
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

    [Fact]
    public void Usable_windows_are_those_at_most_half_padding_judged_on_their_own_samples()
    {
        // 0..9 sound, 10..19 zeros, 20..23 sound; windows of 8.
        var samples = new float[24];
        for (int i = 0; i < 10; i++) samples[i] = 0.5f;
        for (int i = 20; i < 24; i++) samples[i] = 0.5f;

        // 0: no zeros; 4: 2/8; 8: 6/8; 12: 8/8; 16: 4/8 (exactly half: kept); 20: cut to 4 samples, no zeros.
        Assert.Equal([0, 4, 16, 20], DigitalSilence.UsableWindowStarts(samples, 8, [0, 4, 8, 12, 16, 20]));
    }

    [Fact]
    public void When_every_window_is_mostly_padding_the_least_silent_one_is_kept_the_first_on_ties()
    {
        var samples = new float[30];
        samples[2] = samples[3] = 0.1f;   // window 0..9: 8 zeros of 10
        samples[12] = samples[13] = 0.1f; // window 10..19: 8 of 10 too
        samples[25] = 0.1f;               // window 20..29: 9 of 10

        Assert.Equal([0], DigitalSilence.UsableWindowStarts(samples, 10, [20, 0, 10])); // 9/10, 8/10, 8/10
        Assert.Equal([20], DigitalSilence.UsableWindowStarts(samples, 10, [20]));
        Assert.Equal([0], DigitalSilence.UsableWindowStarts(samples, 10, [0, 10]));
        Assert.Equal([10], DigitalSilence.UsableWindowStarts(samples, 10, [10, 0]));
    }
}
