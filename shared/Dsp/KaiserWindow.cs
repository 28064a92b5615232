namespace EdgeSound.Shared.Dsp;

/// <summary>
/// The Kaiser window and Kaiser's empirical design formulas for windowed-sinc low-pass filters.
/// </summary>
internal static class KaiserWindow
{
    /// <summary>The shape parameter β that gives <paramref name="attenuationDb"/> of stop-band attenuation.</summary>
    public static double BetaForAttenuation(double attenuationDb)
    {
        if (attenuationDb > 50) return 0.1102 * (attenuationDb - 8.7);
        if (attenuationDb >= 21) return 0.5842 * Math.Pow(attenuationDb - 21, 0.4) + 0.07886 * (attenuationDb - 21);
        return 0;
    }

    /// <summary>
    /// The filter length, in samples, that reaches <paramref name="attenuationDb"/> with a transition band
    /// <paramref name="transitionWidth"/> wide (in cycles per sample).
    /// </summary>
    public static double LengthForTransition(double attenuationDb, double transitionWidth) =>
        (attenuationDb - 7.95) / (2.285 * 2 * Math.PI * transitionWidth);

    /// <summary>
    /// The window at <paramref name="position"/> in [-1, 1] (0 is the centre, ±1 the ends), peak 1.
    /// Outside [-1, 1] the window is 0.
    /// </summary>
    public static double Value(double position, double beta) => Value(position, beta, 1 / BesselI0(beta));

    /// <summary>
    /// <see cref="Value(double, double)"/> with 1 / I0(β) computed once by the caller, for loops over many taps.
    /// </summary>
    public static double Value(double position, double beta, double inverseI0OfBeta)
    {
        if (position < -1 || position > 1) return 0;
        return BesselI0(beta * Math.Sqrt(1 - position * position)) * inverseI0OfBeta;
    }

    /// <summary>The modified Bessel function of the first kind, order 0, by its power series.</summary>
    public static double BesselI0(double x)
    {
        // Σ ((x/2)^k / k!)^2 converges quickly for the β values a filter design uses (< 20).
        var quarterSquare = x * x / 4;
        double sum = 1, term = 1;
        for (var k = 1; term > sum * 1e-17; k++)
        {
            term *= quarterSquare / ((double)k * k);
            sum += term;
        }
        return sum;
    }
}
