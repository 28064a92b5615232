using EdgeSound.Shared.Audio;
using EdgeSound.Shared.Features;
using EdgeSound.Shared.Models;

namespace EdgeSound.Edge.Pipeline;

/// <summary>
/// The window the model reads, kept up to date from a stream: the last <see cref="WindowFrames"/>
/// log-mel frames (from <see cref="StreamingLogMelExtractor"/>) and the samples they span. Every
/// <see cref="HopFrames"/> frames once full, a window is due; <see cref="WriteInput"/> then lays it
/// out exactly as the trainer's batch path does (log-mel: mel-major [mels, frames]; waveform: the
/// span's samples), and <see cref="LevelDbfs"/> tells how loud it was. Allocates nothing per frame.
/// </summary>
/// <remarks>
/// Feed each chunk of samples with <see cref="AppendSamples"/> BEFORE pushing it to the extractor,
/// whose frame callback then calls <see cref="AddFrame"/>: the sample ring keeps one chunk beyond
/// the window so the frames completed by a chunk still find their samples.
/// </remarks>
public sealed class FeatureWindow
{
    private readonly float[] _frames;   // ring of WindowFrames frames, frame-major
    private readonly float[] _samples;  // ring of the newest samples, indexed by stream sample % length
    private readonly int _melCount;
    private readonly int _frameHop;     // samples between frame starts
    private readonly int _frameLength;  // samples one frame spans
    private long _samplesSeen;
    private long _framesSeen;

    /// <summary>
    /// A window of <paramref name="windowFrames"/> frames stepping by <paramref name="hopFrames"/>,
    /// fed chunks of at most <paramref name="maxChunkSamples"/> samples at the features' rate.
    /// </summary>
    /// <exception cref="ArgumentException">A centred configuration (frames of a stream would not match the trainer's windows) or a size below 1.</exception>
    public FeatureWindow(FeatureConfig features, int windowFrames, int hopFrames, InputKind kind, int maxChunkSamples)
    {
        ArgumentNullException.ThrowIfNull(features);
        features.Validate();
        ModelInputShape.RequireUncentred(features);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowFrames, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hopFrames, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChunkSamples, 1);
        Features = features;
        WindowFrames = windowFrames;
        HopFrames = hopFrames;
        Kind = kind;
        MaxChunkSamples = maxChunkSamples;
        SpanSamples = ModelInputShape.WindowSamples(features, windowFrames);
        InputLength = ModelInputShape.Length(features, windowFrames, kind);
        _melCount = features.MelCount;
        _frameHop = features.HopLength;
        _frameLength = features.FftSize;
        _frames = new float[windowFrames * _melCount];
        _samples = new float[SpanSamples + maxChunkSamples];
    }

    /// <summary>The window a model described by <paramref name="metadata"/> reads, stepping by <paramref name="hopFrames"/>.</summary>
    public static FeatureWindow For(ModelMetadata metadata, int hopFrames, int maxChunkSamples) =>
        new(metadata.Features, metadata.WindowFrames, hopFrames, metadata.InputKind, maxChunkSamples);

    /// <summary>The features the frames are computed with.</summary>
    public FeatureConfig Features { get; }

    /// <summary>Frames in one window.</summary>
    public int WindowFrames { get; }

    /// <summary>Frames between the starts of consecutive windows.</summary>
    public int HopFrames { get; }

    /// <summary>What <see cref="WriteInput"/> writes.</summary>
    public InputKind Kind { get; }

    /// <summary>The longest chunk <see cref="AppendSamples"/> accepts.</summary>
    public int MaxChunkSamples { get; }

    /// <summary>Samples one window spans.</summary>
    public int SpanSamples { get; }

    /// <summary>Floats <see cref="WriteInput"/> writes: mels x frames, or the span's samples.</summary>
    public int InputLength { get; }

    /// <summary>First sample (since the last <see cref="Reset"/>) of the latest due window.</summary>
    public long StartSample { get; private set; }

    /// <summary>One past the last sample of the latest due window.</summary>
    public long EndSample => StartSample + SpanSamples;

    /// <summary>
    /// RMS level of the latest due window's samples in dB relative to full scale (1.0): 0 dBFS for a
    /// constant ±1 signal, about -3 dBFS for a full-scale sine; <see cref="SignalLevel.FloorDbfs"/> at least.
    /// </summary>
    public double LevelDbfs { get; private set; } = SignalLevel.FloorDbfs;

    /// <summary>Windows that have come due since the last <see cref="Reset"/>.</summary>
    public long WindowsDue { get; private set; }

    /// <summary>Records the next chunk of the stream's samples (call before pushing it to the extractor).</summary>
    public void AppendSamples(ReadOnlySpan<float> chunk)
    {
        if (chunk.Length > MaxChunkSamples)
            throw new ArgumentException(
                $"A chunk of {chunk.Length} samples exceeds the {MaxChunkSamples} this window was sized for; split it or size the window for larger chunks.",
                nameof(chunk));
        int at = (int)(_samplesSeen % _samples.Length);
        int first = Math.Min(chunk.Length, _samples.Length - at);
        chunk[..first].CopyTo(_samples.AsSpan(at));
        chunk[first..].CopyTo(_samples);
        _samplesSeen += chunk.Length;
    }

    /// <summary>
    /// Takes frame <paramref name="frameIndex"/> from the extractor (frames arrive in order from 0).
    /// </summary>
    /// <returns>True when a window ends with this frame: read it with <see cref="WriteInput"/>.</returns>
    public bool AddFrame(ReadOnlySpan<float> melFrame, long frameIndex)
    {
        if (frameIndex != _framesSeen)
            throw new InvalidOperationException($"Expected frame {_framesSeen}, got frame {frameIndex}: frames must arrive in order, once each, from 0 after a reset.");
        if (melFrame.Length != _melCount)
            throw new ArgumentException($"A frame must hold {_melCount} mel values, got {melFrame.Length}.", nameof(melFrame));
        long frameEnd = frameIndex * _frameHop + _frameLength;
        if (frameEnd > _samplesSeen || _samplesSeen - frameEnd > MaxChunkSamples)
            throw new InvalidOperationException(
                $"Frame {frameIndex} ends at sample {frameEnd} but {_samplesSeen} samples were appended: append each chunk just before pushing it to the extractor.");

        melFrame.CopyTo(_frames.AsSpan((int)(frameIndex % WindowFrames) * _melCount, _melCount));
        _framesSeen++;

        long startFrame = frameIndex - WindowFrames + 1;
        if (startFrame < 0 || startFrame % HopFrames != 0) return false;
        StartSample = startFrame * _frameHop;
        LevelDbfs = MeasureLevel();
        WindowsDue++;
        return true;
    }

    /// <summary>
    /// Writes the latest due window as the model's input (<see cref="InputLength"/> floats); call it
    /// before the next frame arrives, which overwrites the window's oldest frame.
    /// </summary>
    public void WriteInput(Span<float> input)
    {
        if (WindowsDue == 0) throw new InvalidOperationException("No window is complete yet.");
        if (input.Length < InputLength)
            throw new ArgumentException($"The model input needs {InputLength} floats, the buffer holds {input.Length}.", nameof(input));
        if (Kind == InputKind.Waveform)
        {
            CopySpanSamples(input);
            return;
        }

        // The frame ring's oldest frame becomes the first column, as in the batch path's layout.
        long startFrame = StartSample / _frameHop;
        for (int t = 0; t < WindowFrames; t++)
            MelMajorLayout.WriteColumn(_frames.AsSpan((int)((startFrame + t) % WindowFrames) * _melCount, _melCount), t, WindowFrames, input);
    }

    /// <summary>Forgets the stream: sample and frame numbering restart at 0 (after a gap in the audio).</summary>
    public void Reset()
    {
        _samplesSeen = 0;
        _framesSeen = 0;
        StartSample = 0;
        LevelDbfs = SignalLevel.FloorDbfs;
        WindowsDue = 0;
    }

    private void CopySpanSamples(Span<float> destination)
    {
        int at = (int)(StartSample % _samples.Length);
        int first = Math.Min(SpanSamples, _samples.Length - at);
        _samples.AsSpan(at, first).CopyTo(destination);
        _samples.AsSpan(0, SpanSamples - first).CopyTo(destination[first..]);
    }

    private double MeasureLevel()
    {
        int at = (int)(StartSample % _samples.Length);
        int first = Math.Min(SpanSamples, _samples.Length - at);
        double sum = SumOfSquares(_samples.AsSpan(at, first)) + SumOfSquares(_samples.AsSpan(0, SpanSamples - first));
        return SignalLevel.FromMeanSquare(sum / SpanSamples);
    }

    private static double SumOfSquares(ReadOnlySpan<float> samples)
    {
        double sum = 0;
        foreach (var s in samples) sum += (double)s * s;
        return sum;
    }
}
