namespace EdgeSound.Shared.Features;

/// <summary>Builds the analysis window as applied to a whole FFT frame.</summary>
public static class AnalysisWindow
{
    /// <summary>
    /// <paramref name="fftSize"/> coefficients: a periodic window of <paramref name="windowLength"/>
    /// samples centred in the frame (left offset (fftSize - windowLength) / 2, as librosa's
    /// pad_center), zeros elsewhere.
    /// </summary>
    public static double[] Create(WindowType type, int windowLength, int fftSize)
    {
        if (windowLength < 1 || windowLength > fftSize)
            throw new ArgumentException($"Window length must be 1..{fftSize} (the FFT size), got {windowLength}.", nameof(windowLength));

        var frame = new double[fftSize];
        int offset = (fftSize - windowLength) / 2;
        for (int n = 0; n < windowLength; n++)
        {
            // Periodic: the denominator is L, not L-1, so overlapped windows sum evenly (DFT-even).
            double phase = 2 * Math.PI * n / windowLength;
            frame[offset + n] = type switch
            {
                WindowType.Hann => 0.5 - 0.5 * Math.Cos(phase),
                WindowType.Hamming => 0.54 - 0.46 * Math.Cos(phase),
                WindowType.Rectangular => 1.0,
                _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown window type."),
            };
        }
        return frame;
    }
}
