namespace EdgeSound.Shared.Windowing;

/// <summary>
/// Where the fixed-length model windows of a clip start. The trainer's evaluation and the device both
/// call this, so they cut clips identically.
/// </summary>
/// <remarks>
/// Windows start at 0, hop, 2*hop, ... while they fit. If the last of those ends before the clip
/// does, one more window is aligned to the end so the tail is always seen. A clip shorter than a
/// window gets one window at 0 that the caller pads (see <see cref="ScoringWindows.Plan"/>).
/// </remarks>
public static class SlidingWindows
{
    /// <summary>Number of windows <see cref="Starts"/> returns for these arguments.</summary>
    /// <param name="frameCount">Frames in the clip, at least 1.</param>
    /// <param name="windowLength">Frames per window, at least 1.</param>
    /// <param name="hop">Frames between window starts, at least 1.</param>
    public static int Count(int frameCount, int windowLength, int hop)
    {
        Validate(frameCount, windowLength, hop);
        if (frameCount <= windowLength) return 1;
        var fitting = (frameCount - windowLength) / hop + 1;
        var lastEnd = (fitting - 1) * hop + windowLength;
        return lastEnd < frameCount ? fitting + 1 : fitting;
    }

    /// <summary>The start frame of every window, ascending.</summary>
    /// <param name="frameCount">Frames in the clip, at least 1.</param>
    /// <param name="windowLength">Frames per window, at least 1.</param>
    /// <param name="hop">Frames between window starts, at least 1.</param>
    public static int[] Starts(int frameCount, int windowLength, int hop)
    {
        var starts = new int[Count(frameCount, windowLength, hop)];
        WriteStarts(frameCount, windowLength, hop, starts);
        return starts;
    }

    /// <summary>Writes the start frames into <paramref name="destination"/> without allocating.</summary>
    /// <returns>The number written, <see cref="Count"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="Count"/>.</exception>
    public static int WriteStarts(int frameCount, int windowLength, int hop, Span<int> destination)
    {
        var count = Count(frameCount, windowLength, hop);
        if (destination.Length < count)
            throw new ArgumentException($"Destination holds {destination.Length} starts but {count} are needed.", nameof(destination));

        if (frameCount <= windowLength)
        {
            destination[0] = 0;
            return 1;
        }
        var fitting = (frameCount - windowLength) / hop + 1;
        for (var i = 0; i < fitting; i++)
            destination[i] = i * hop;
        if (count > fitting)
            destination[fitting] = frameCount - windowLength; // the end-aligned tail window
        return count;
    }

    private static void Validate(int frameCount, int windowLength, int hop)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frameCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowLength, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hop, 1);
    }
}
