namespace EdgeSound.Shared.Features;

/// <summary>Conversions between hertz and mels on the HTK and Slaney scales.</summary>
public static class MelFrequency
{
    // Slaney's scale: linear at 200/3 Hz per mel up to 1 kHz (15 mels), then 27 mels per factor 6.4.
    private const double SlaneyHzPerMel = 200.0 / 3.0;
    private const double SlaneyBreakHz = 1000.0;
    private const double SlaneyBreakMel = SlaneyBreakHz / SlaneyHzPerMel;
    private static readonly double SlaneyLogStep = Math.Log(6.4) / 27.0;

    /// <summary>Mels of <paramref name="hz"/> on <paramref name="scale"/>.</summary>
    public static double ToMel(double hz, MelScale scale) => scale switch
    {
        MelScale.Htk => 2595.0 * Math.Log10(1.0 + hz / 700.0),
        MelScale.Slaney => hz < SlaneyBreakHz
            ? hz / SlaneyHzPerMel
            : SlaneyBreakMel + Math.Log(hz / SlaneyBreakHz) / SlaneyLogStep,
        _ => throw new ArgumentOutOfRangeException(nameof(scale), scale, "Unknown mel scale."),
    };

    /// <summary>Hertz of <paramref name="mel"/> on <paramref name="scale"/>.</summary>
    public static double ToHz(double mel, MelScale scale) => scale switch
    {
        MelScale.Htk => 700.0 * (Math.Pow(10.0, mel / 2595.0) - 1.0),
        MelScale.Slaney => mel < SlaneyBreakMel
            ? mel * SlaneyHzPerMel
            : SlaneyBreakHz * Math.Exp(SlaneyLogStep * (mel - SlaneyBreakMel)),
        _ => throw new ArgumentOutOfRangeException(nameof(scale), scale, "Unknown mel scale."),
    };

    /// <summary>
    /// The <paramref name="melCount"/> + 2 band edges in Hz: evenly spaced in mels from
    /// <paramref name="fMin"/> to <paramref name="fMax"/>. Filter i rises from edge i, peaks at
    /// edge i+1 and falls to edge i+2.
    /// </summary>
    public static double[] BandEdgesHz(int melCount, double fMin, double fMax, MelScale scale)
    {
        var edges = new double[melCount + 2];
        double melLow = ToMel(fMin, scale), melHigh = ToMel(fMax, scale);
        double step = (melHigh - melLow) / (melCount + 1);
        for (int i = 0; i < edges.Length; i++)
            edges[i] = ToHz(melLow + i * step, scale);
        return edges;
    }
}
