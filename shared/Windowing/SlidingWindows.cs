namespace EdgeSound.Shared.Windowing;

/// <summary>
/// Where the fixed-length model windows of a clip start, and how one is copied into the model's input
/// layout. The trainer's evaluation and the device both call this, so they cut clips identically.
/// </summary>
/// <remarks>
/// Windows start at 0, hop, 2*hop, ... while they fit. If the last of those ends before the clip
/// does, one more window is aligned to the end so the tail is always seen. A clip shorter than a
/// window gets one window at 0 that the caller pads (see <see cref="CopyWindow"/>).
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

    /// <summary>
    /// Copies frames [start, start + windowLength) of a frame-major feature matrix
    /// (<c>frameMajor[frame * melCount + mel]</c>) into the model's mel-major input
    /// (<c>destMelMajor[mel * windowLength + t]</c>, shape [n_mels, window]); frames past the end of
    /// the clip become <paramref name="padValue"/>. Allocates nothing.
    /// </summary>
    /// <param name="frameMajor">The clip's features, a whole number of frames of <paramref name="melCount"/> values.</param>
    /// <param name="melCount">Mel bands per frame.</param>
    /// <param name="start">First frame of the window, inside the clip.</param>
    /// <param name="windowLength">Frames per window.</param>
    /// <param name="padValue">Value for frames past the clip's end (e.g. the log-mel of silence).</param>
    /// <param name="destMelMajor">Exactly <paramref name="melCount"/> * <paramref name="windowLength"/> values.</param>
    public static void CopyWindow(ReadOnlySpan<float> frameMajor, int melCount, int start, int windowLength, float padValue, Span<float> destMelMajor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(melCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowLength, 1);
        if (frameMajor.Length == 0 || frameMajor.Length % melCount != 0)
            throw new ArgumentException($"Features hold {frameMajor.Length} values, not a positive whole number of {melCount}-mel frames.", nameof(frameMajor));
        var frameCount = frameMajor.Length / melCount;
        if (start < 0 || start >= frameCount)
            throw new ArgumentOutOfRangeException(nameof(start), start, $"The window must start inside the clip's {frameCount} frames.");
        if (destMelMajor.Length != melCount * windowLength)
            throw new ArgumentException($"Destination holds {destMelMajor.Length} values; a {melCount}x{windowLength} window needs {melCount * windowLength}.", nameof(destMelMajor));

        var available = Math.Min(windowLength, frameCount - start);
        // Read each source frame contiguously; the strided writes stay within one small window.
        for (var t = 0; t < available; t++)
        {
            var frame = frameMajor.Slice((start + t) * melCount, melCount);
            for (var m = 0; m < melCount; m++)
                destMelMajor[m * windowLength + t] = frame[m];
        }
        if (available < windowLength)
            for (var m = 0; m < melCount; m++)
                destMelMajor.Slice(m * windowLength + available, windowLength - available).Fill(padValue);
    }

    private static void Validate(int frameCount, int windowLength, int hop)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frameCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowLength, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hop, 1);
    }
}
