using EdgeSound.Shared.Inference;
using EdgeSound.Shared.Models;

namespace EdgeSound.Trainer.Data;

/// <summary>
/// Turns a window of samples into one model input row for the trainer's <see cref="WindowGeometry"/>:
/// a thin adapter over the shared <see cref="ModelInputWriter"/>, so training, exported-model
/// evaluation and the device write their inputs with the same code.
/// </summary>
public sealed class ModelInputBuilder
{
    private readonly ModelInputWriter _writer;

    public ModelInputBuilder(WindowGeometry geometry, InputKind kind)
    {
        Geometry = geometry;
        Kind = kind;
        _writer = new ModelInputWriter(geometry.Features, geometry.WindowFrames, kind);
    }

    public WindowGeometry Geometry { get; }
    public InputKind Kind { get; }

    /// <summary>Floats per input row.</summary>
    public int RowLength => _writer.InputLength;

    /// <summary>Shape of one input (without the batch dimension).</summary>
    public long[] RowShape => _writer.InputShape;

    /// <summary>Writes the model input for <paramref name="window"/> (exactly SpanSamples long) into <paramref name="row"/>.</summary>
    public void Build(ReadOnlySpan<float> window, Span<float> row) => _writer.Write(window, row);
}
