using EdgeSound.Shared.Features;
using EdgeSound.Shared.Models;

namespace EdgeSound.Shared.Inference;

/// <summary>
/// Turns one window of samples into one model input row: the raw samples for a waveform model, or
/// the window's log-mel frames in mel-major layout [mels, frames] (<see cref="MelMajorLayout"/>) for a
/// log-mel model. The trainer's inputs, exported-model evaluation and the device classifying a file
/// all write their inputs here; the live pipeline lays out its streamed frames with the same layout. Not thread-safe (it owns an extractor): one instance per thread.
/// </summary>
public sealed class ModelInputWriter
{
    private readonly LogMelExtractor? _extractor;

    /// <summary>Prepares a writer for windows of <paramref name="windowFrames"/> frames of <paramref name="features"/>.</summary>
    /// <exception cref="ArgumentException">
    /// The configuration is invalid, or centred: windows are cut from the clip in samples, which only
    /// reproduces the clip's (and the device's streaming) frames when frame k starts at sample k·hop.
    /// </exception>
    public ModelInputWriter(FeatureConfig features, int windowFrames, InputKind kind)
    {
        ArgumentNullException.ThrowIfNull(features);
        features.Validate();
        ModelInputShape.RequireUncentred(features);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowFrames, 1);
        if (!Enum.IsDefined(kind)) throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown input kind.");
        Features = features;
        WindowFrames = windowFrames;
        Kind = kind;
        if (kind == InputKind.LogMel) _extractor = new LogMelExtractor(features);
    }

    /// <summary>A writer for the inputs of the model described by <paramref name="metadata"/>.</summary>
    public ModelInputWriter(ModelMetadata metadata)
        : this(metadata.Features, metadata.WindowFrames, metadata.InputKind)
    {
    }

    /// <summary>The features the model reads.</summary>
    public FeatureConfig Features { get; }

    /// <summary>Log-mel frames one input spans.</summary>
    public int WindowFrames { get; }

    /// <summary>What the model reads.</summary>
    public InputKind Kind { get; }

    /// <summary>Samples one window spans (at <see cref="FeatureConfig.SampleRate"/>).</summary>
    public int WindowSamples => ModelInputShape.WindowSamples(Features, WindowFrames);

    /// <summary>Floats in one input row.</summary>
    public int InputLength => ModelInputShape.Length(Features, WindowFrames, Kind);

    /// <summary>Shape of one input without the batch dimension: [1, mels, frames] or [1, samples].</summary>
    public long[] InputShape => ModelInputShape.Of(Features, WindowFrames, Kind);

    /// <summary>
    /// Writes the model input of <paramref name="window"/> (exactly <see cref="WindowSamples"/> samples)
    /// into <paramref name="row"/> (exactly <see cref="InputLength"/> floats).
    /// </summary>
    public void Write(ReadOnlySpan<float> window, Span<float> row)
    {
        if (window.Length != WindowSamples)
            throw new ArgumentException($"A window must hold {WindowSamples} samples, got {window.Length}.", nameof(window));
        if (row.Length != InputLength)
            throw new ArgumentException($"A model input row holds {InputLength} floats, got a destination of {row.Length}.", nameof(row));
        if (_extractor is null)
        {
            window.CopyTo(row);
            return;
        }

        var frames = _extractor.Extract(window);
        if (frames.FrameCount != WindowFrames)
            throw new InvalidOperationException($"Expected {WindowFrames} frames per window, the extractor gave {frames.FrameCount}.");
        MelMajorLayout.FromFrameMajor(frames.Data, WindowFrames, frames.MelCount, row);
    }
}
