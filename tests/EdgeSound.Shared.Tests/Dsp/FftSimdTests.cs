using EdgeSound.Shared.Dsp;
using EdgeSound.Shared.Tests.Support;
using Xunit;

namespace EdgeSound.Shared.Tests.Dsp;

/// <summary>The vector paths do the scalar path's operations in the same order: the bits must agree.</summary>
public class FftSimdTests
{
    private static double[] RandomSignal(int n, int seed)
    {
        var random = new Random(seed);
        var x = new double[n];
        for (int i = 0; i < n; i++) x[i] = random.NextDouble() * 2 - 1;
        return x;
    }

    public static TheoryData<int, string> SizesAndWidths()
    {
        var data = new TheoryData<int, string>();
        foreach (int size in new[] { 2, 4, 8, 16, 32, 64, 1024, 4096 })
            foreach (var width in new[] { nameof(SimdWidth.Vector128), nameof(SimdWidth.Vector256) })
                data.Add(size, width);
        return data;
    }

    [Theory]
    [MemberData(nameof(SizesAndWidths))]
    public void Vector_power_spectrum_is_bit_identical_to_the_scalar_one(int size, string widthName)
    {
        var width = Enum.Parse<SimdWidth>(widthName);
        var x = RandomSignal(size, seed: size + 11);
        var scalar = new double[size / 2 + 1];
        var vector = new double[size / 2 + 1];

        new Fft(size, SimdWidth.Scalar).PowerSpectrum(x, scalar);
        new Fft(size, width).PowerSpectrum(x, vector);

        for (int k = 0; k < scalar.Length; k++)
            Assert.True(BitConverter.DoubleToInt64Bits(scalar[k]) == BitConverter.DoubleToInt64Bits(vector[k]),
                $"bin {k}: scalar {scalar[k]:R}, {width} {vector[k]:R}");
    }

    [Theory]
    [MemberData(nameof(SizesAndWidths))]
    public void Vector_spectrum_is_bit_identical_to_the_scalar_one(int size, string widthName)
    {
        var width = Enum.Parse<SimdWidth>(widthName);
        var x = RandomSignal(size, seed: size + 5);
        var (scalarRe, scalarIm) = (new double[size / 2 + 1], new double[size / 2 + 1]);
        var (vectorRe, vectorIm) = (new double[size / 2 + 1], new double[size / 2 + 1]);

        new Fft(size, SimdWidth.Scalar).Forward(x, scalarRe, scalarIm);
        new Fft(size, width).Forward(x, vectorRe, vectorIm);

        Assert.Equal(scalarRe, vectorRe);
        Assert.Equal(scalarIm, vectorIm);
    }

    [Theory]
    [InlineData("Scalar")]
    [InlineData("Vector128")]
    [InlineData("Vector256")]
    public void Every_width_matches_the_power_of_a_naive_dft(string widthName)
    {
        var width = Enum.Parse<SimdWidth>(widthName);
        const int n = 128;
        var x = RandomSignal(n, seed: 21);
        var power = new double[n / 2 + 1];

        new Fft(n, width).PowerSpectrum(x, power);

        for (int k = 0; k <= n / 2; k++)
        {
            double re = 0, im = 0;
            for (int t = 0; t < n; t++)
            {
                double angle = -2 * Math.PI * ((long)k * t % n) / n;
                re += x[t] * Math.Cos(angle);
                im += x[t] * Math.Sin(angle);
            }
            Assert.Equal(re * re + im * im, power[k], 1e-9);
        }
    }

    [Theory]
    [InlineData("Scalar")]
    [InlineData("Vector256")]
    public void Windowing_while_packing_gives_the_bits_of_windowing_first(string widthName)
    {
        var width = Enum.Parse<SimdWidth>(widthName);
        const int n = 1024;
        var random = new Random(4);
        var frame = new float[n];
        var window = new double[n];
        var windowed = new double[n];
        for (int i = 0; i < n; i++)
        {
            frame[i] = (float)(random.NextDouble() * 2 - 1);
            window[i] = 0.5 - 0.5 * Math.Cos(2 * Math.PI * i / n);
            windowed[i] = frame[i] * window[i];
        }
        var fft = new Fft(n, width);
        var fused = new double[fft.BinCount];
        var separate = new double[fft.BinCount];

        fft.PowerSpectrum(frame, window, fused);
        fft.PowerSpectrum(windowed, separate);

        Assert.Equal(separate, fused);
    }

    [Fact]
    public void Windowed_power_spectrum_rejects_a_window_of_the_wrong_length()
    {
        var fft = new Fft(16);
        var error = Assert.Throws<ArgumentException>(() => fft.PowerSpectrum(new float[16], new double[15], new double[9]));
        Assert.Contains("16", error.Message);
        Assert.Contains("15", error.Message);
    }

    [Fact]
    public void Windowed_power_spectrum_allocates_nothing()
    {
        var fft = new Fft(1024);
        var frame = new float[1024];
        var window = new double[1024];
        Array.Fill(window, 1.0);
        frame[3] = 1;
        var power = new double[fft.BinCount];
        fft.PowerSpectrum(frame, window, power);

        Assert.Equal(0, Allocations.SteadyStateBytes(() =>
        {
            for (int i = 0; i < 100; i++) fft.PowerSpectrum(frame, window, power);
        }));
        Assert.All(power, p => Assert.Equal(1.0, p, 1e-12)); // an impulse has a flat unit spectrum
    }
}
