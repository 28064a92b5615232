using EdgeSound.Shared.Dsp;
using Xunit;
using Xunit.Abstractions;
using static EdgeSound.Shared.Tests.Dsp.ResamplerTestSignals;

namespace EdgeSound.Shared.Tests.Dsp;

/// <summary>The frequency response the specification promises, measured on sines.</summary>
public sealed class ResamplerResponseTests(ITestOutputHelper log)
{
    private const double RequiredStopBandDb = 80;
    private const double AllowedPassBandRippleDb = 0.1;
    private const double PassBandEdge = 0.9;

    public static TheoryData<int, int> DownsamplingPairs => new()
    {
        { 44100, 16000 }, { 48000, 16000 }, { 22050, 16000 }, { 32000, 16000 },
    };

    public static TheoryData<int, int> AllMeasuredPairs => new()
    {
        { 44100, 16000 }, { 48000, 16000 }, { 22050, 16000 }, { 32000, 16000 },
        { 8000, 16000 }, { 16000, 22050 }, { 44100, 48000 },
    };

    [Theory]
    [MemberData(nameof(DownsamplingPairs))]
    public void Sines_above_the_target_Nyquist_come_out_at_least_80_dB_down(int inputRate, int outputRate)
    {
        var resampler = new Resampler(inputRate, outputRate);
        double targetNyquist = outputRate / 2.0, sourceNyquist = inputRate / 2.0;
        double[] frequencies =
        [
            targetNyquist * 1.002,
            .. new[] { 0.1, 0.3, 0.5, 0.7, 0.9 }.Select(t => targetNyquist + t * (sourceNyquist - targetNyquist)),
            sourceNyquist * 0.995,
        ];

        foreach (var frequency in frequencies)
        {
            var input = Sine(frequency, inputRate, inputRate / 2);
            var output = resampler.Process(input);
            var margin = EdgeMargin(resampler);
            var attenuation = -Decibels(Rms(output.AsSpan(margin, output.Length - 2 * margin)), Rms(input));
            log.WriteLine($"{inputRate}->{outputRate}: {frequency:F0} Hz down {attenuation:F1} dB");
            Assert.True(attenuation >= RequiredStopBandDb,
                $"{inputRate}->{outputRate}: a {frequency:F1} Hz sine is only {attenuation:F1} dB down.");
        }
    }

    [Theory]
    [MemberData(nameof(AllMeasuredPairs))]
    public void Sines_below_the_lower_Nyquist_leave_no_image_or_alias_above_minus_80_dB(int inputRate, int outputRate)
    {
        // Whatever is not the sine itself (images when upsampling, aliases of the filter's leakage) is the residual.
        var resampler = new Resampler(inputRate, outputRate);
        var lowerNyquist = Math.Min(inputRate, outputRate) / 2.0;
        foreach (var fraction in new[] { 0.05, 0.3, 0.6, 0.9, 0.95, 0.995 })
        {
            var frequency = fraction * lowerNyquist;
            var input = Sine(frequency, inputRate, inputRate / 2);
            var output = resampler.Process(input);
            var margin = EdgeMargin(resampler);
            var (_, residual) = FitSine(output.AsSpan(margin, output.Length - 2 * margin), margin, frequency, outputRate);
            var rejection = -Decibels(residual, Rms(input));
            log.WriteLine($"{inputRate}->{outputRate}: {frequency:F0} Hz residual {rejection:F1} dB down");
            Assert.True(rejection >= RequiredStopBandDb,
                $"{inputRate}->{outputRate}: a {frequency:F1} Hz sine leaves a residual only {rejection:F1} dB down.");
        }
    }

    [Theory]
    [MemberData(nameof(AllMeasuredPairs))]
    public void Pass_band_sines_keep_their_amplitude_within_a_tenth_of_a_decibel(int inputRate, int outputRate)
    {
        var resampler = new Resampler(inputRate, outputRate);
        var lowerNyquist = Math.Min(inputRate, outputRate) / 2.0;
        foreach (var fraction in new[] { 0.01, 0.1, 0.25, 0.5, 0.75, 0.85, PassBandEdge })
        {
            var frequency = fraction * lowerNyquist;
            var input = Sine(frequency, inputRate, inputRate / 4, amplitude: 0.5);
            var output = resampler.Process(input);
            var margin = EdgeMargin(resampler);
            var (amplitude, _) = FitSine(output.AsSpan(margin, output.Length - 2 * margin), margin, frequency, outputRate);
            var gain = Decibels(amplitude, 0.5);
            log.WriteLine($"{inputRate}->{outputRate}: {frequency:F0} Hz gain {gain:+0.00000;-0.00000} dB");
            Assert.True(Math.Abs(gain) <= AllowedPassBandRippleDb,
                $"{inputRate}->{outputRate}: a {frequency:F1} Hz sine changed level by {gain:F4} dB.");
        }
    }

    [Theory]
    [MemberData(nameof(AllMeasuredPairs))]
    public void Output_sample_k_is_the_input_sine_at_time_k_over_the_output_rate(int inputRate, int outputRate)
    {
        // A delay of even one output sample would make errors of order the amplitude; the bound is 1e-4.
        const double phase = 0.7;
        var resampler = new Resampler(inputRate, outputRate);
        var lowerNyquist = Math.Min(inputRate, outputRate) / 2.0;
        foreach (var fraction in new[] { 0.05, 0.4, PassBandEdge })
        {
            var frequency = fraction * lowerNyquist;
            var output = resampler.Process(Sine(frequency, inputRate, inputRate / 4, phase: phase));
            var expected = Sine(frequency, outputRate, output.Length, phase: phase);
            var margin = EdgeMargin(resampler);
            var worst = 0.0;
            for (var k = margin; k < output.Length - margin; k++)
                worst = Math.Max(worst, Math.Abs(output[k] - expected[k]));
            log.WriteLine($"{inputRate}->{outputRate}: {frequency:F0} Hz max error {worst:E2}");
            Assert.True(worst < 1e-4, $"{inputRate}->{outputRate}: {frequency:F1} Hz sine is off by up to {worst:E3}.");
        }
    }
}
