using EdgeSound.Shared.Models;

namespace EdgeSound.Shared.Inference;

/// <summary>
/// Turns model inputs (windows of log-mel frames or samples, laid out as
/// <see cref="ModelMetadata.InputShape"/>) into class probabilities. The ONNX Runtime implementation
/// serves both the trainer's evaluation and the device; tests substitute their own.
/// </summary>
public interface IWindowClassifier : IDisposable
{
    /// <summary>Labels, feature configuration and window geometry of the model.</summary>
    ModelMetadata Metadata { get; }

    /// <summary>
    /// Classifies <paramref name="count"/> inputs stored row-major in <paramref name="inputs"/>
    /// (count x <see cref="ModelMetadata.InputLength"/> floats) and writes their probabilities
    /// (count x label count, each row summing to 1) into <paramref name="probabilities"/>.
    /// </summary>
    void Classify(ReadOnlySpan<float> inputs, int count, Span<float> probabilities);
}
