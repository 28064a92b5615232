namespace EdgeSound.Shared.Features;

/// <summary>
/// Log-mel features of one clip, frame-major: <c>Data[frame * MelCount + mel]</c>, so one frame is
/// a contiguous span (what streaming produces and a sliding window consumes).
/// </summary>
public sealed class FeatureMatrix
{
    /// <summary>A zero-filled matrix of <paramref name="frameCount"/> frames by <paramref name="melCount"/> bands.</summary>
    public FeatureMatrix(int frameCount, int melCount)
        : this(frameCount, melCount, new float[checked(Math.Max(0, frameCount) * Math.Max(0, melCount))])
    {
    }

    /// <summary>Wraps <paramref name="data"/> (frame-major, length frameCount · melCount) without copying.</summary>
    public FeatureMatrix(int frameCount, int melCount, float[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(frameCount);
        ArgumentOutOfRangeException.ThrowIfNegative(melCount);
        if (data.Length != (long)frameCount * melCount)
            throw new ArgumentException(
                $"Feature data holds {data.Length} values but {frameCount} frames x {melCount} mels need {(long)frameCount * melCount}.", nameof(data));
        FrameCount = frameCount;
        MelCount = melCount;
        Data = data;
    }

    /// <summary>Number of frames (time steps).</summary>
    public int FrameCount { get; }

    /// <summary>Number of mel bands per frame.</summary>
    public int MelCount { get; }

    /// <summary>The values, frame-major.</summary>
    public float[] Data { get; }

    /// <summary>The <see cref="MelCount"/> values of frame <paramref name="frame"/>.</summary>
    public Span<float> Frame(int frame)
    {
        if ((uint)frame >= (uint)FrameCount)
            throw new ArgumentOutOfRangeException(nameof(frame), frame, $"Frame must be in 0..{FrameCount - 1}.");
        return Data.AsSpan(frame * MelCount, MelCount);
    }

    /// <summary>The value of band <paramref name="mel"/> in frame <paramref name="frame"/>.</summary>
    public float this[int frame, int mel]
    {
        get => Data[Index(frame, mel)];
        set => Data[Index(frame, mel)] = value;
    }

    /// <summary>A mel-major copy, [MelCount, FrameCount] in C order (librosa's and the model's layout).</summary>
    public float[] ToMelMajor()
    {
        var result = new float[Data.Length];
        MelMajorLayout.FromFrameMajor(Data, FrameCount, MelCount, result);
        return result;
    }

    private int Index(int frame, int mel)
    {
        if ((uint)frame >= (uint)FrameCount)
            throw new ArgumentOutOfRangeException(nameof(frame), frame, $"Frame must be in 0..{FrameCount - 1}.");
        if ((uint)mel >= (uint)MelCount)
            throw new ArgumentOutOfRangeException(nameof(mel), mel, $"Mel band must be in 0..{MelCount - 1}.");
        return frame * MelCount + mel;
    }
}
