namespace EdgeSound.Shared.Features;

/// <summary>
/// The model input layout for log-mel windows: mel-major [mels, frames], i.e. the window is an image
/// whose rows are mel bands and whose columns are frames. Extractors produce frames one after another
/// (frame-major); this is the one place that turns them around.
/// </summary>
public static class MelMajorLayout
{
    /// <summary>Writes one frame's mel values as column <paramref name="column"/> of a [mels, <paramref name="columns"/>] input.</summary>
    public static void WriteColumn(ReadOnlySpan<float> frame, int column, int columns, Span<float> destination)
    {
        for (int mel = 0; mel < frame.Length; mel++)
            destination[mel * columns + column] = frame[mel];
    }

    /// <summary>Writes frame-major features (<paramref name="frames"/> rows of <paramref name="mels"/>) mel-major into <paramref name="destination"/>.</summary>
    public static void FromFrameMajor(ReadOnlySpan<float> frameMajor, int frames, int mels, Span<float> destination)
    {
        for (int frame = 0; frame < frames; frame++)
            WriteColumn(frameMajor.Slice(frame * mels, mels), frame, frames, destination);
    }
}
