using EdgeSound.Shared.Features;
using Xunit;

namespace EdgeSound.Shared.Tests.Features;

public class MelFilterbankTests
{
    private static readonly FeatureConfig D = FeatureConfig.Default;
    private static double BinHz(FeatureConfig c) => (double)c.SampleRate / c.FftSize;

    [Theory]
    [InlineData(MelScale.Slaney)]
    [InlineData(MelScale.Htk)]
    public void Each_filter_peaks_at_a_bin_next_to_its_centre(MelScale scale)
    {
        var config = D with { MelScale = scale, MelNorm = MelNorm.None };
        var bank = new MelFilterbank(config);

        for (int mel = 0; mel < bank.MelCount; mel++)
        {
            var weights = bank.Weights(mel).ToArray();
            int peakBin = bank.FirstBin(mel) + Array.IndexOf(weights, weights.Max());
            double centreBin = bank.CentreHz(mel) / BinHz(config);
            // Asymmetric triangles may peak at the farther of the two neighbouring bins, never further away.
            Assert.True(Math.Abs(peakBin - centreBin) < 1, $"filter {mel}: peak at bin {peakBin}, centre at bin {centreBin:F2}");
            Assert.True(weights.Max() <= 1.0 + 1e-12);
        }
    }

    [Fact]
    public void Filters_are_zero_outside_their_edges_and_positive_inside()
    {
        var bank = new MelFilterbank(D);
        double binHz = BinHz(D);
        for (int mel = 0; mel < bank.MelCount; mel++)
        {
            int first = bank.FirstBin(mel), count = bank.Weights(mel).Length;
            Assert.True(first * binHz > bank.LowerHz(mel), $"filter {mel} starts at or below its lower edge");
            Assert.True((first - 1) * binHz <= bank.LowerHz(mel), $"filter {mel} misses a bin above its lower edge");
            Assert.True((first + count - 1) * binHz < bank.UpperHz(mel));
            Assert.True((first + count) * binHz >= bank.UpperHz(mel));
            Assert.All(bank.Weights(mel).ToArray(), w => Assert.True(w > 0));
        }
    }

    [Fact]
    public void Slaney_norm_gives_each_triangle_unit_area_in_hertz()
    {
        // Height 2/(upper-lower) over a base of (upper-lower) Hz: area 1. Summing sampled weights
        // approximates that area well once a triangle spans many bins.
        var bank = new MelFilterbank(D);
        var noNorm = new MelFilterbank(D with { MelNorm = MelNorm.None });
        double binHz = BinHz(D);
        int wide = 0;
        for (int mel = 0; mel < bank.MelCount; mel++)
        {
            double width = bank.UpperHz(mel) - bank.LowerHz(mel);
            var weights = bank.Weights(mel);
            for (int i = 0; i < weights.Length; i++)
                Assert.Equal(noNorm.Weights(mel)[i] * 2.0 / width, weights[i], 1e-15);
            if (width / binHz < 20) continue;
            wide++;
            double area = 0;
            foreach (var w in weights) area += w * binHz;
            Assert.True(Math.Abs(area - 1.0) < 0.01, $"filter {mel} ({width:F0} Hz wide) has area {area}");
        }
        Assert.True(wide >= 15, $"only {wide} filters were wide enough to check");
    }

    [Fact]
    public void Slaney_band_edges_are_linear_below_1_khz_and_logarithmic_above()
    {
        var bank = new MelFilterbank(D);
        // Slaney mels: f/(200/3) below 1 kHz, 15 + 27·ln(f/1000)/ln(6.4) above.
        double melMax = 15 + 27 * Math.Log(8.0) / Math.Log(6.4);
        double step = melMax / 65;
        Assert.Equal(step * 200 / 3, bank.CentreHz(0), 1e-9);
        Assert.Equal(1000 * Math.Pow(6.4, (step * 40 - 15) / 27), bank.CentreHz(39), 1e-6);
        Assert.Equal(8000, bank.UpperHz(63), 1e-6);
        Assert.Equal(0, bank.LowerHz(0));
    }

    [Fact]
    public void Htk_scale_round_trips_and_matches_its_formula()
    {
        Assert.Equal(2595 * Math.Log10(1 + 1000 / 700.0), MelFrequency.ToMel(1000, MelScale.Htk), 1e-9);
        foreach (var hz in new[] { 0.0, 50, 999, 1000, 1001, 4000, 8000 })
        {
            Assert.Equal(hz, MelFrequency.ToHz(MelFrequency.ToMel(hz, MelScale.Htk), MelScale.Htk), 1e-8);
            Assert.Equal(hz, MelFrequency.ToHz(MelFrequency.ToMel(hz, MelScale.Slaney), MelScale.Slaney), 1e-8);
        }
    }

    [Fact]
    public void Apply_sums_weighted_bins_per_filter()
    {
        var bank = new MelFilterbank(D);
        var spectrum = new double[D.BinCount];
        var random = new Random(11);
        for (int k = 0; k < spectrum.Length; k++) spectrum[k] = random.NextDouble();
        var mel = new double[bank.MelCount];

        bank.Apply(spectrum, mel);

        for (int m = 0; m < bank.MelCount; m++)
        {
            double expected = 0;
            var w = bank.Weights(m);
            for (int i = 0; i < w.Length; i++) expected += w[i] * spectrum[bank.FirstBin(m) + i];
            Assert.Equal(expected, mel[m], 1e-15);
        }
    }
}
