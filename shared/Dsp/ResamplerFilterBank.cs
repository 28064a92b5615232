using System.Runtime.CompilerServices;

namespace EdgeSound.Shared.Dsp;

/// <summary>
/// The polyphase Kaiser-windowed-sinc filter bank of a rational resampler with up-factor L and
/// down-factor M. Phase p holds the taps that compute the signal at input time n0 + p/L from the
/// contiguous input samples x[n0 - HalfWidth + 1 .. n0 + HalfWidth].
/// </summary>
internal sealed class ResamplerFilterBank
{
    /// <summary>Designed stop-band attenuation; the specification is 80 dB, the margin absorbs the formula's error.</summary>
    public const double StopBandAttenuationDb = 90;

    /// <summary>The pass band ends here, as a fraction of the lower of the two Nyquist frequencies.</summary>
    public const double PassBandEdge = 0.9;

    /// <summary>
    /// The stop band starts here, as a fraction of the lower Nyquist: at the target Nyquist itself, so no
    /// input above it can alias into the output when downsampling, and every image is removed when upsampling.
    /// </summary>
    public const double StopBandEdge = 1.0;

    /// <summary>Taps per phase are rounded up to this multiple so the dot product has no scalar tail.</summary>
    public const int TapAlignment = ResamplerKernel.BlockLength;

    private readonly float[] _taps;

    /// <summary>The number of phases, L.</summary>
    public int Phases { get; }

    /// <summary>Taps in each phase (2 × <see cref="HalfWidth"/>).</summary>
    public int TapsPerPhase { get; }

    /// <summary>Half the kernel's support, in input samples: the look-ahead (and look-behind) of every output.</summary>
    public int HalfWidth { get; }

    private ResamplerFilterBank(float[] taps, int phases, int halfWidth)
    {
        _taps = taps;
        Phases = phases;
        HalfWidth = halfWidth;
        TapsPerPhase = 2 * halfWidth;
    }

    /// <summary>The taps of phase <paramref name="phase"/>, in input order (oldest sample first).</summary>
    public ReadOnlySpan<float> Phase(int phase) => _taps.AsSpan(phase * TapsPerPhase, TapsPerPhase);

    /// <summary>
    /// The half-width, in input samples, that the design for these rates needs, rounded up to the tap
    /// alignment. Cheap: lets a caller reject a bank that would be too big before building it.
    /// </summary>
    public static int HalfWidthFor(int inputRate, int outputRate, int upFactor, int downFactor)
    {
        var transitionWidth = (StopBandEdge - PassBandEdge) * LowerNyquist(inputRate, outputRate) / inputRate;
        var length = KaiserWindow.LengthForTransition(StopBandAttenuationDb, transitionWidth);
        // Windows of consecutive outputs must overlap, so the stream never has to skip unread input.
        var halfWidth = Math.Max(Math.Ceiling(length / 2), Math.Ceiling((double)downFactor / upFactor));
        var aligned = Math.Ceiling(halfWidth / (TapAlignment / 2)) * (TapAlignment / 2);
        return aligned > int.MaxValue / 2 ? int.MaxValue / 2 : (int)aligned;
    }

    /// <summary>Designs the bank for <paramref name="inputRate"/> → <paramref name="outputRate"/> reduced to L/M.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ResamplerFilterBank Design(int inputRate, int outputRate, int upFactor, int downFactor)
    {
        // AggressiveOptimization: this runs once per design over up to ~10^5 taps, so skip the unoptimised JIT tier.
        var halfWidth = HalfWidthFor(inputRate, outputRate, upFactor, downFactor);
        var tapsPerPhase = 2 * halfWidth;
        // The ideal low-pass cut-off sits in the middle of the transition band, in cycles per input sample.
        var cutoff = (PassBandEdge + StopBandEdge) / 2 * LowerNyquist(inputRate, outputRate) / inputRate;
        var beta = KaiserWindow.BetaForAttenuation(StopBandAttenuationDb);
        var inverseI0OfBeta = 1 / KaiserWindow.BesselI0(beta);

        var taps = new double[upFactor * tapsPerPhase];
        double total = 0;
        for (var phase = 0; phase < upFactor; phase++)
        {
            for (var i = 0; i < tapsPerPhase; i++)
            {
                // Distance from the output instant n0 + phase/L back to input sample n0 - halfWidth + 1 + i.
                var distance = halfWidth - 1 - i + (double)phase / upFactor;
                var value = 2 * cutoff * Sinc(2 * cutoff * distance) * KaiserWindow.Value(distance / halfWidth, beta, inverseI0OfBeta);
                taps[phase * tapsPerPhase + i] = value;
                total += value;
            }
        }

        // Unity gain at DC on average over the phases (each phase already sums to 1 within the stop-band error).
        var scale = upFactor / total;
        var single = new float[taps.Length];
        for (var i = 0; i < taps.Length; i++) single[i] = (float)(taps[i] * scale);
        return new ResamplerFilterBank(single, upFactor, halfWidth);
    }

    private static double LowerNyquist(int inputRate, int outputRate) => Math.Min(inputRate, outputRate) / 2.0;

    private static double Sinc(double x) => x == 0 ? 1 : Math.Sin(Math.PI * x) / (Math.PI * x);
}
