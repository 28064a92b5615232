using EdgeSound.Shared.Dsp;
using Xunit;
using static EdgeSound.Shared.Tests.Dsp.ResamplerTestSignals;

namespace EdgeSound.Shared.Tests.Dsp;

/// <summary>Construction, lengths, identity and the common rate table.</summary>
public sealed class ResamplerTests
{
    private static readonly int[] CommonRates = [8000, 11025, 16000, 22050, 32000, 44100, 48000, 88200, 96000];

    public static TheoryData<int, int> CommonRatePairs()
    {
        var pairs = new TheoryData<int, int>();
        foreach (var input in CommonRates)
            foreach (var output in CommonRates)
                if (input != output) pairs.Add(input, output);
        return pairs;
    }

    [Theory]
    [MemberData(nameof(CommonRatePairs))]
    public void Every_common_rate_pair_carries_a_mid_band_sine_in_time_and_at_full_level(int inputRate, int outputRate)
    {
        var frequency = 0.37 * Math.Min(inputRate, outputRate) / 2;
        var output = Resampler.Resample(Sine(frequency, inputRate, inputRate / 20, phase: 0.3), inputRate, outputRate);
        var expected = Sine(frequency, outputRate, output.Length, phase: 0.3);

        var margin = EdgeMargin(Resampler.ForRates(inputRate, outputRate));
        Assert.True(output.Length > 2 * margin, $"{inputRate}->{outputRate}: test signal too short for the filter.");
        for (var k = margin; k < output.Length - margin; k++)
            Assert.True(Math.Abs(output[k] - expected[k]) < 1e-4,
                $"{inputRate}->{outputRate}: sample {k} is {output[k]}, expected {expected[k]}.");
    }

    [Theory]
    [InlineData(44100, 16000, 0)]
    [InlineData(44100, 16000, 1)]
    [InlineData(44100, 16000, 220500)]
    [InlineData(44100, 16000, 12345)]
    [InlineData(8000, 16000, 777)]
    [InlineData(16000, 22050, 1001)]
    [InlineData(48000, 44100, 160)]
    [InlineData(96000, 8000, 11)]
    [InlineData(22050, 22050, 333)]
    public void Output_length_is_the_ceiling_of_input_length_times_output_over_input_rate(int inputRate, int outputRate, int length)
    {
        var expected = (int)(((long)length * outputRate + inputRate - 1) / inputRate);

        var output = Resampler.Resample(new float[length], inputRate, outputRate);

        Assert.Equal(expected, output.Length);
        Assert.Equal(expected, new Resampler(inputRate, outputRate).OutputLength(length));
    }

    [Fact]
    public void Equal_rates_return_an_exact_copy()
    {
        var input = Noise(1000, seed: 1);
        input[3] = -0f;

        var output = Resampler.Resample(input, 16000, 16000);

        Assert.NotSame(input, output);
        Assert.True(BitIdentical(input, output));
        Assert.True(new Resampler(16000, 16000).IsIdentity);
    }

    [Theory]
    [InlineData(44100, 16000, 160, 441)]
    [InlineData(16000, 22050, 441, 320)]
    [InlineData(48000, 48000, 1, 1)]
    public void Rates_reduce_by_their_greatest_common_divisor(int inputRate, int outputRate, int up, int down)
    {
        var resampler = new Resampler(inputRate, outputRate);

        Assert.Equal(up, resampler.UpFactor);
        Assert.Equal(down, resampler.DownFactor);
    }

    [Theory]
    [InlineData(0, 16000)]
    [InlineData(16000, 0)]
    [InlineData(-8000, 16000)]
    [InlineData(16000, -1)]
    public void Zero_or_negative_rates_are_rejected(int inputRate, int outputRate)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new Resampler(inputRate, outputRate));

        Assert.Contains("positive", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Resampler.Resample(new float[10], inputRate, outputRate));
    }

    [Theory]
    [InlineData(44100, 44101)]
    [InlineData(1, 1000000)]
    [InlineData(1000000, 1)]
    [InlineData(48000, 47999)]
    public void A_ratio_too_complex_for_a_sane_filter_bank_is_rejected_naming_both_rates(int inputRate, int outputRate)
    {
        var error = Assert.Throws<ArgumentException>(() => new Resampler(inputRate, outputRate));

        Assert.Contains($"{inputRate} Hz", error.Message);
        Assert.Contains($"{outputRate} Hz", error.Message);
    }

    [Fact]
    public void Cached_designs_are_shared_per_rate_pair()
    {
        Assert.Same(Resampler.ForRates(44100, 16000), Resampler.ForRates(44100, 16000));
        Assert.NotSame(Resampler.ForRates(44100, 16000), Resampler.ForRates(16000, 44100));
    }
}
