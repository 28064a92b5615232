using System.Runtime.Intrinsics;
using EdgeSound.Shared.Dsp;
using Xunit;
using static EdgeSound.Shared.Tests.Dsp.ResamplerTestSignals;

namespace EdgeSound.Shared.Tests.Dsp;

/// <summary>The resampler's dot product gives the same bits on every vector width.</summary>
public sealed class ResamplerKernelTests
{
    [SkippableFact]
    public void The_256_and_128_bit_dot_products_give_identical_bits()
    {
        Skip.IfNot(Vector256.IsHardwareAccelerated, "This CPU has no 256-bit vectors to compare with.");
        for (var seed = 0; seed < 200; seed++)
        {
            var length = ResamplerKernel.BlockLength * (1 + seed % 40);
            var taps = Noise(length, seed);
            var samples = Noise(length + seed % 7, seed + 1000);

            var wide = ResamplerKernel.Dot256(taps, samples);
            var narrow = ResamplerKernel.Dot128(taps, samples);

            Assert.Equal(BitConverter.SingleToInt32Bits(narrow), BitConverter.SingleToInt32Bits(wide));
        }
    }

    [Fact]
    public void The_dot_product_matches_a_double_precision_sum()
    {
        var taps = Noise(ResamplerKernel.BlockLength * 10, seed: 1);
        var samples = Noise(taps.Length, seed: 2);
        var expected = taps.Zip(samples, (t, s) => (double)t * s).Sum();

        Assert.Equal(expected, ResamplerKernel.Dot(taps, samples), precision: 5);
        Assert.Equal(expected, ResamplerKernel.Dot128(taps, samples), precision: 5);
    }

    [Fact]
    public void The_dot_product_refuses_too_few_samples_or_a_ragged_length()
    {
        Assert.Throws<ArgumentException>(() => ResamplerKernel.Dot(new float[64], new float[63]));
        Assert.Throws<ArgumentException>(() => ResamplerKernel.Dot(new float[40], new float[40]));
    }
}
