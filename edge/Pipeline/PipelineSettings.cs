using System.Globalization;
using EdgeSound.Shared.Features;
using EdgeSound.Shared.Smoothing;

namespace EdgeSound.Edge.Pipeline;

/// <summary>What a user may tune in <see cref="ListenPipeline"/>; everything else comes from the model.</summary>
public sealed record PipelineSettings
{
    /// <summary>The longest hop allowed: a longer one would let a short sound fall between windows' centres and delay every event.</summary>
    public const double MaxHopSeconds = 0.5;

    /// <summary>Default <see cref="QueueSeconds"/>: 2 s of audio, enough to ride out a slow inference while keeping events near real time.</summary>
    public const double DefaultQueueSeconds = 2.0;

    /// <summary>The longest queue allowed: older audio is not worth classifying late.</summary>
    public const double MaxQueueSeconds = 60.0;

    /// <summary>Seconds between windows; null uses the model's own hop (<c>edgesound.hop_frames</c>). Rounded to whole frames.</summary>
    public double? HopSeconds { get; init; }

    /// <summary>Audio the capture queue holds before it drops the oldest (when classification falls behind).</summary>
    public double QueueSeconds { get; init; } = DefaultQueueSeconds;

    /// <summary>
    /// False (live audio): when classification falls behind, the oldest audio is dropped. True (a
    /// source faster than real time: a WAV read as fast as possible, a file-backed test device): the
    /// capture waits for the pipeline instead, so every sample is classified.
    /// </summary>
    public bool WaitWhenBehind { get; init; }

    /// <summary>Stop after this many seconds of audio (null: until the source ends or the app is stopped).</summary>
    public double? MaxSeconds { get; init; }

    /// <summary>How window probabilities become events.</summary>
    public SmootherSettings Smoother { get; init; } = new();

    /// <summary>
    /// The hop in frames: the model's <paramref name="modelHopFrames"/> (when that is longer than
    /// <see cref="MaxHopSeconds"/>: the largest whole number of frames within it, see
    /// <see cref="MaxHopFrames"/>), or <see cref="HopSeconds"/> rounded to the nearest whole frame of
    /// <paramref name="features"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The hop is not a positive number of seconds up to <see cref="MaxHopSeconds"/>, or shorter than one frame.</exception>
    public int ResolveHopFrames(FeatureConfig features, int modelHopFrames)
    {
        ArgumentNullException.ThrowIfNull(features);
        double frameSeconds = (double)features.HopLength / features.SampleRate;
        if (HopSeconds is not { } seconds) return Math.Min(modelHopFrames, MaxHopFrames(features));
        string text = seconds.ToString(CultureInfo.InvariantCulture);
        if (!double.IsFinite(seconds) || seconds <= 0 || seconds > MaxHopSeconds)
            throw new ArgumentException(
                $"Invalid hop {text} s: it must be more than 0 and at most {MaxHopSeconds.ToString(CultureInfo.InvariantCulture)} s " +
                $"(one frame is {frameSeconds.ToString(CultureInfo.InvariantCulture)} s; the model's own hop is {modelHopFrames} frames).");
        int frames = (int)Math.Round(seconds / frameSeconds, MidpointRounding.AwayFromZero);
        if (frames < 1)
            throw new ArgumentException(
                $"Invalid hop {text} s: shorter than one feature frame ({frameSeconds.ToString(CultureInfo.InvariantCulture)} s); use at least that.");
        return frames;
    }

    /// <summary>The most whole feature frames of <paramref name="features"/> that fit in <see cref="MaxHopSeconds"/>.</summary>
    /// <exception cref="ArgumentException">One frame alone is longer than <see cref="MaxHopSeconds"/>.</exception>
    public static int MaxHopFrames(FeatureConfig features)
    {
        ArgumentNullException.ThrowIfNull(features);
        // The product form avoids 0.5 / 0.02 landing a hair below 25 in floating point.
        int frames = (int)((long)(MaxHopSeconds * features.SampleRate) / features.HopLength);
        if (frames < 1)
            throw new ArgumentException(
                $"The model's feature frame ({features.HopLength} samples at {features.SampleRate} Hz) is longer than the longest hop " +
                $"({MaxHopSeconds.ToString(CultureInfo.InvariantCulture)} s): this model cannot listen live.");
        return frames;
    }

    /// <summary>Throws <see cref="ArgumentException"/> when the queue length or the duration is impossible.</summary>
    public void ValidateQueue()
    {
        if (MaxSeconds is { } max && (!double.IsFinite(max) || max <= 0))
            throw new ArgumentException($"Invalid duration {max.ToString(CultureInfo.InvariantCulture)} s: give a positive number of seconds.");
        if (!double.IsFinite(QueueSeconds) || QueueSeconds <= 0 || QueueSeconds > MaxQueueSeconds)
            throw new ArgumentException(
                $"Invalid queue length {QueueSeconds.ToString(CultureInfo.InvariantCulture)} s: it must be more than 0 and at most {MaxQueueSeconds.ToString(CultureInfo.InvariantCulture)} s.");
    }
}
