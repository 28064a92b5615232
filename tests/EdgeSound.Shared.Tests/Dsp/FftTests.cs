using EdgeSound.Shared.Dsp;
using EdgeSound.Shared.Tests.Support;
using Xunit;

namespace EdgeSound.Shared.Tests.Dsp;

public class FftTests
{
    private static double[] RandomSignal(int n, int seed)
    {
        var random = new Random(seed);
        var x = new double[n];
        for (int i = 0; i < n; i++) x[i] = random.NextDouble() * 2 - 1;
        return x;
    }

    private static (double[] Re, double[] Im) NaiveDft(double[] x)
    {
        int n = x.Length;
        var re = new double[n / 2 + 1];
        var im = new double[n / 2 + 1];
        for (int k = 0; k <= n / 2; k++)
            for (int t = 0; t < n; t++)
            {
                double angle = -2 * Math.PI * ((long)k * t % n) / n;
                re[k] += x[t] * Math.Cos(angle);
                im[k] += x[t] * Math.Sin(angle);
            }
        return (re, im);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(64)]
    [InlineData(1024)]
    public void Matches_a_naive_dft_on_random_input(int size)
    {
        var x = RandomSignal(size, seed: size);
        var (expectedRe, expectedIm) = NaiveDft(x);
        var fft = new Fft(size);
        var re = new double[fft.BinCount];
        var im = new double[fft.BinCount];

        fft.Forward(x, re, im);

        double tolerance = 1e-12 * size;
        for (int k = 0; k < fft.BinCount; k++)
        {
            Assert.True(Math.Abs(re[k] - expectedRe[k]) < tolerance, $"bin {k} real: {re[k]} vs {expectedRe[k]}");
            Assert.True(Math.Abs(im[k] - expectedIm[k]) < tolerance, $"bin {k} imag: {im[k]} vs {expectedIm[k]}");
        }
    }

    [Fact]
    public void Power_spectrum_is_the_squared_magnitude_of_the_naive_dft()
    {
        var x = RandomSignal(256, seed: 7);
        var (re, im) = NaiveDft(x);
        var fft = new Fft(256);
        var power = new double[fft.BinCount];

        fft.PowerSpectrum(x, power);

        for (int k = 0; k < power.Length; k++)
            Assert.Equal(re[k] * re[k] + im[k] * im[k], power[k], 1e-9);
    }

    [Fact]
    public void A_cosine_on_a_bin_puts_all_power_in_that_bin()
    {
        const int n = 512, bin = 37;
        var x = new double[n];
        for (int t = 0; t < n; t++) x[t] = Math.Cos(2 * Math.PI * bin * t / n);
        var fft = new Fft(n);
        var power = new double[fft.BinCount];

        fft.PowerSpectrum(x, power);

        Assert.Equal((n / 2.0) * (n / 2.0), power[bin], 1e-6);
        for (int k = 0; k < power.Length; k++)
            if (k != bin) Assert.True(power[k] < 1e-18, $"bin {k} leaked {power[k]}");
    }

    [Fact]
    public void Repeated_calls_give_identical_results_and_allocate_nothing()
    {
        var x = RandomSignal(1024, seed: 3);
        var fft = new Fft(1024);
        var first = new double[fft.BinCount];
        var again = new double[fft.BinCount];
        fft.PowerSpectrum(x, first);

        long allocated = Allocations.SteadyStateBytes(() =>
        {
            for (int i = 0; i < 100; i++) fft.PowerSpectrum(x, again);
        });

        Assert.Equal(0, allocated);
        Assert.Equal(first, again);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(12)]
    [InlineData(1000)]
    public void Rejects_sizes_that_are_not_powers_of_two(int size)
    {
        var error = Assert.Throws<ArgumentException>(() => new Fft(size));
        Assert.Contains("power of two", error.Message);
    }

    [Fact]
    public void Rejects_input_of_the_wrong_length()
    {
        var fft = new Fft(16);
        var error = Assert.Throws<ArgumentException>(() => fft.PowerSpectrum(new double[15], new double[9]));
        Assert.Contains("16", error.Message);
    }
}
