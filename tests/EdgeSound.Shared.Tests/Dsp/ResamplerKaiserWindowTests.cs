using EdgeSound.Shared.Dsp;
using Xunit;

namespace EdgeSound.Shared.Tests.Dsp;

/// <summary>The Kaiser window helper behind the resampler's filter design.</summary>
public sealed class ResamplerKaiserWindowTests
{
    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(1.0, 1.2660658777520082)]
    [InlineData(5.0, 27.239871823604442)]
    [InlineData(8.96, 1053.125122491171)] // ≈ the β of the 90 dB design; references from scipy.special.i0
    public void Bessel_I0_matches_reference_values(double x, double expected)
    {
        var actual = KaiserWindow.BesselI0(x);

        Assert.True(Math.Abs(actual - expected) <= 1e-6 * expected, $"I0({x}) = {actual}, expected {expected}.");
    }

    [Fact]
    public void The_window_peaks_at_one_in_the_middle_is_symmetric_and_vanishes_outside()
    {
        const double beta = 8.96;

        Assert.Equal(1.0, KaiserWindow.Value(0, beta), precision: 12);
        Assert.Equal(KaiserWindow.Value(-0.37, beta), KaiserWindow.Value(0.37, beta), precision: 15);
        Assert.True(KaiserWindow.Value(0.9, beta) < KaiserWindow.Value(0.5, beta));
        Assert.Equal(0.0, KaiserWindow.Value(1.01, beta));
    }
}
