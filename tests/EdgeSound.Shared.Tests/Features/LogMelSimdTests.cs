using EdgeSound.Shared.Dsp;
using EdgeSound.Shared.Features;
using Xunit;

namespace EdgeSound.Shared.Tests.Features;

/// <summary>Scalar, 2-wide and 4-wide kernels follow one arithmetic order, so every machine gets the same features.</summary>
public class LogMelSimdTests
{
    private static readonly FeatureConfig D = FeatureConfig.Default;

    private static double[] RandomSpectrum(int bins, int seed)
    {
        var random = new Random(seed);
        var spectrum = new double[bins];
        // Spread over many orders of magnitude, as real power spectra are, so rounding order shows.
        for (int k = 0; k < bins; k++) spectrum[k] = Math.Pow(10, random.NextDouble() * 12 - 10);
        return spectrum;
    }

    [Theory]
    [InlineData("Vector128", MelScale.Slaney)]
    [InlineData("Vector256", MelScale.Slaney)]
    [InlineData("Vector128", MelScale.Htk)]
    [InlineData("Vector256", MelScale.Htk)]
    public void Vector_mel_sums_are_bit_identical_to_the_scalar_ones(string widthName, MelScale scale)
    {
        var width = Enum.Parse<SimdWidth>(widthName);
        var config = D with { MelScale = scale, MelCount = 40 };
        var spectrum = RandomSpectrum(config.BinCount, seed: 8);
        var scalar = new double[config.MelCount];
        var vector = new double[config.MelCount];

        new MelFilterbank(config, SimdWidth.Scalar).Apply(spectrum, scalar);
        new MelFilterbank(config, width).Apply(spectrum, vector);

        Assert.Equal(scalar, vector);
    }

    [Theory]
    [InlineData("Scalar")]
    [InlineData("Vector128")]
    [InlineData("Vector256")]
    public void Every_width_sums_each_filter_like_a_plain_loop(string widthName)
    {
        var width = Enum.Parse<SimdWidth>(widthName);
        var spectrum = RandomSpectrum(D.BinCount, seed: 9);
        var bank = new MelFilterbank(D, width);
        var mel = new double[D.MelCount];

        bank.Apply(spectrum, mel);

        for (int m = 0; m < D.MelCount; m++)
        {
            var weights = bank.Weights(m);
            double expected = 0;
            for (int i = 0; i < weights.Length; i++) expected += weights[i] * spectrum[bank.FirstBin(m) + i];
            Assert.Equal(expected, mel[m], expected * 1e-14);
        }
    }

    [Theory]
    [InlineData("Vector128")]
    [InlineData("Vector256")]
    public void Vector_log_mel_frames_are_bit_identical_to_the_scalar_ones(string widthName)
    {
        var width = Enum.Parse<SimdWidth>(widthName);
        var config = D with { WindowLength = 800 }; // a window shorter than the frame, zeros around it
        var random = new Random(12);
        var frame = new float[config.FftSize];
        for (int i = 0; i < frame.Length; i++) frame[i] = (float)(Math.Sin(0.05 * i * i / frame.Length) * 0.5 + (random.NextDouble() - 0.5) * 1e-4);
        var scalar = new float[config.MelCount];
        var vector = new float[config.MelCount];

        new LogMelFrameComputer(config, SimdWidth.Scalar).Compute(frame, scalar);
        new LogMelFrameComputer(config, width).Compute(frame, vector);

        Assert.Equal(scalar, vector);
    }
}
