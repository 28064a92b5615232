namespace EdgeSound.Shared.Audio;

/// <summary>RMS level of samples in dBFS (0 dBFS: a constant full-scale signal), with a floor for silence.</summary>
public static class SignalLevel
{
    /// <summary>The level of exact digital silence: a finite floor, so averages and comparisons stay finite.</summary>
    public const double FloorDbfs = -120.0;

    /// <summary>The level of samples whose mean square is <paramref name="meanSquare"/>: 10·log10, at least <see cref="FloorDbfs"/>.</summary>
    public static double FromMeanSquare(double meanSquare) =>
        meanSquare > 0 ? Math.Max(FloorDbfs, 10 * Math.Log10(meanSquare)) : FloorDbfs;
}
