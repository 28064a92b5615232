namespace EdgeSound.Edge.Sinks;

/// <summary>How the console sink draws its live line.</summary>
/// <param name="MeterFloorDbfs">Level shown as an empty meter (default -60 dBFS); 0 dBFS is a full one.</param>
/// <param name="MeterWidth">Characters in the level meter bar (default 20).</param>
/// <param name="TopLabels">Labels shown with their scores on the live line (default 3).</param>
public sealed record ConsoleSinkSettings(double MeterFloorDbfs = -60, int MeterWidth = 20, int TopLabels = 3)
{
    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the setting that is out of range.</summary>
    public void Validate()
    {
        if (!(MeterFloorDbfs < 0)) throw new ArgumentOutOfRangeException(nameof(MeterFloorDbfs), MeterFloorDbfs, "The meter floor must be below 0 dBFS, e.g. -60.");
        if (MeterWidth < 1) throw new ArgumentOutOfRangeException(nameof(MeterWidth), MeterWidth, "The meter needs at least one character.");
        if (TopLabels < 0) throw new ArgumentOutOfRangeException(nameof(TopLabels), TopLabels, "The number of labels shown cannot be negative.");
    }
}
