using EdgeSound.Shared.Models;
using EdgeSound.Shared.Features;
using EdgeSound.Trainer.Models;

namespace EdgeSound.Trainer.Data;

/// <summary>
/// Turns a window of samples into one model input row: the raw samples for a waveform model, or
/// its log-mel frames in mel-major layout [n_mels, frames] for a log-mel model, computed by the
/// shared extractor the device runs.
/// </summary>
public sealed class ModelInputBuilder
{
    private readonly LogMelExtractor _extractor;

    public ModelInputBuilder(WindowGeometry geometry, InputKind kind)
    {
        Geometry = geometry;
        Kind = kind;
        _extractor = new LogMelExtractor(geometry.Features);
    }

    public WindowGeometry Geometry { get; }
    public InputKind Kind { get; }

    /// <summary>Floats per input row.</summary>
    public int RowLength => Kind == InputKind.Waveform ? Geometry.SpanSamples : Geometry.Features.MelCount * Geometry.WindowFrames;

    /// <summary>Shape of one input (without the batch dimension).</summary>
    public long[] RowShape => Kind == InputKind.Waveform
        ? [1, Geometry.SpanSamples]
        : [1, Geometry.Features.MelCount, Geometry.WindowFrames];

    /// <summary>Writes the model input for <paramref name="window"/> (exactly SpanSamples long) into <paramref name="row"/>.</summary>
    public void Build(ReadOnlySpan<float> window, Span<float> row)
    {
        if (window.Length != Geometry.SpanSamples)
            throw new ArgumentException($"A window must hold {Geometry.SpanSamples} samples, got {window.Length}.", nameof(window));
        if (Kind == InputKind.Waveform)
        {
            window.CopyTo(row);
            return;
        }
        var frames = _extractor.Extract(window);
        if (frames.FrameCount != Geometry.WindowFrames)
            throw new InvalidOperationException($"Expected {Geometry.WindowFrames} frames per window, the extractor gave {frames.FrameCount}.");
        frames.ToMelMajor().CopyTo(row);
    }
}
