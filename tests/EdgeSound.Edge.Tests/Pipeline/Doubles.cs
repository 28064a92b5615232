using EdgeSound.Edge.Audio;
using EdgeSound.Edge.Pipeline;
using EdgeSound.Edge.Sinks;
using EdgeSound.Shared.Features;
using EdgeSound.Shared.Inference;
using EdgeSound.Shared.Models;
using EdgeSound.Shared.Smoothing;
using Xunit;

namespace EdgeSound.Edge.Tests.Pipeline;

/// <summary>A source over an array, read in chunks as fast as asked (no clock); optionally fails or stays open at the end.</summary>
internal sealed class ArrayAudioSource(float[] samples, int sampleRate, int chunk = 960) : IAudioSource
{
    private int _position;

    /// <summary>After the array: block until cancelled (a live microphone) instead of ending.</summary>
    public bool StayOpen { get; init; }

    /// <summary>Wait this long before each read: a source faster than real time but not instant.</summary>
    public TimeSpan ReadDelay { get; init; } = TimeSpan.Zero;

    /// <summary>After the array: throw this (a device that vanished for good) instead of ending.</summary>
    public Exception? FailAtEnd { get; init; }

    public int SampleRate => sampleRate;
    public string Description => $"array {samples.Length} samples at {sampleRate} Hz";
    public AudioSourceStats Stats { get; } = new();

    private long? _readerBytesAtFirstRead;

    /// <summary>Bytes the reading thread allocated from the first read to the latest one: what the capture loop costs between reads.</summary>
    public long ReaderBytes { get; private set; }

    public int Read(Span<float> buffer, CancellationToken cancellation)
    {
        long readerBytes = GC.GetAllocatedBytesForCurrentThread();
        _readerBytesAtFirstRead ??= readerBytes;
        ReaderBytes = readerBytes - _readerBytesAtFirstRead.Value;
        cancellation.ThrowIfCancellationRequested();
        if (ReadDelay > TimeSpan.Zero) Thread.Sleep(ReadDelay);
        if (_position == samples.Length)
        {
            if (FailAtEnd is not null) throw FailAtEnd;
            if (StayOpen) cancellation.WaitHandle.WaitOne();
            cancellation.ThrowIfCancellationRequested();
            return 0;
        }
        int take = Math.Min(Math.Min(chunk, buffer.Length), samples.Length - _position);
        samples.AsSpan(_position, take).CopyTo(buffer);
        _position += take;
        return take;
    }

    public void Dispose() { }
}

/// <summary>
/// A stand-in model with labels "tone" and "other": P(tone) is the share of the window that is loud
/// (log-mel: frames whose loudest band exceeds <see cref="LoudLogMel"/>; waveform: samples beyond
/// <see cref="LoudAmplitude"/>). Allocates nothing; can be made slow.
/// </summary>
internal sealed class LoudnessClassifier(ModelMetadata metadata) : IWindowClassifier
{
    public const float LoudLogMel = 0f;
    public const float LoudAmplitude = 0.05f;

    public ModelMetadata Metadata => metadata;
    public TimeSpan Delay { get; init; } = TimeSpan.Zero;
    public int Calls { get; private set; }

    public void Classify(ReadOnlySpan<float> inputs, int count, Span<float> probabilities)
    {
        Assert.Equal(1, count);
        Assert.Equal(metadata.InputLength, inputs.Length);
        Calls++;
        if (Delay > TimeSpan.Zero) Thread.Sleep(Delay);
        float tone = metadata.InputKind == InputKind.LogMel ? LoudFrameShare(inputs) : LoudSampleShare(inputs);
        probabilities[0] = tone;
        probabilities[1] = 1 - tone;
    }

    private float LoudFrameShare(ReadOnlySpan<float> melMajor)
    {
        int frames = metadata.WindowFrames, loud = 0;
        for (int t = 0; t < frames; t++)
        {
            float max = float.NegativeInfinity;
            for (int mel = 0; mel < metadata.Features.MelCount; mel++) max = Math.Max(max, melMajor[mel * frames + t]);
            if (max > LoudLogMel) loud++;
        }
        return (float)loud / frames;
    }

    private static float LoudSampleShare(ReadOnlySpan<float> samples)
    {
        int loud = 0;
        foreach (var s in samples) if (Math.Abs(s) > LoudAmplitude) loud++;
        // A sine of amplitude 0.3 exceeds 0.05 about 89% of the time: a window full of it scores 1.
        return Math.Min(1f, loud / (samples.Length * 0.8f));
    }

    public void Dispose() { }
}

/// <summary>A model that always answers the same probabilities.</summary>
internal sealed class ConstantClassifier(ModelMetadata metadata, params float[] answer) : IWindowClassifier
{
    public ModelMetadata Metadata => metadata;
    public void Classify(ReadOnlySpan<float> inputs, int count, Span<float> probabilities) => answer.CopyTo(probabilities);
    public void Dispose() { }
}

/// <summary>Keeps every detection and status it is given.</summary>
internal sealed class RecordingSink : IDetectionSink
{
    public List<Detection> Detections { get; } = [];
    public List<LiveStatus> Statuses { get; } = [];
    public void OnDetection(Detection detection) => Detections.Add(detection);
    public void OnStatus(LiveStatus status) => Statuses.Add(status);
    public void Dispose() { }
}

/// <summary>Takes statuses and drops them, so only the pipeline's own allocations are measured.</summary>
internal sealed class DiscardingSink : IDetectionSink
{
    public long StatusCount { get; private set; }
    public void OnDetection(Detection detection) { }
    public void OnStatus(LiveStatus status) => StatusCount++;
    public void Dispose() { }
}

internal static class TestModels
{
    public static readonly string[] ToneLabels = ["tone", "other"];

    /// <summary>Metadata of a model on the default features (16 kHz, 20-ms frames).</summary>
    public static ModelMetadata Metadata(InputKind kind, int windowFrames = 50, int hopFrames = 25, string[]? labels = null) => new()
    {
        Labels = labels ?? ToneLabels,
        Features = FeatureConfig.Default,
        WindowFrames = windowFrames,
        HopFrames = hopFrames,
        InputKind = kind,
    };
}

internal static class TestSignals
{
    /// <summary>Deterministic noise of about <paramref name="rms"/> RMS (uniform, so peak = rms·√3).</summary>
    public static float[] Noise(int length, float rms, ulong seed)
    {
        var samples = new float[length];
        ulong state = seed;
        for (int i = 0; i < length; i++)
        {
            state = state * 6364136223846793005UL + 1442695040888963407UL;
            double uniform = (state >> 11) * (1.0 / (1UL << 53)) * 2 - 1;
            samples[i] = (float)(uniform * rms * Math.Sqrt(3));
        }
        return samples;
    }

    /// <summary>Adds a sine of <paramref name="amplitude"/> at <paramref name="hz"/> over [from, to) seconds.</summary>
    public static void AddTone(float[] samples, int sampleRate, double from, double to, double hz, float amplitude)
    {
        int first = (int)Math.Round(from * sampleRate), last = Math.Min(samples.Length, (int)Math.Round(to * sampleRate));
        for (int i = first; i < last; i++)
            samples[i] += amplitude * (float)Math.Sin(2 * Math.PI * hz * i / sampleRate);
    }
}
