using EdgeSound.Edge.Sinks;
using EdgeSound.Shared.Smoothing;

namespace EdgeSound.Edge.Evaluation;

/// <summary>A sink that keeps every detection, in order, for scoring after the stream ends.</summary>
public sealed class DetectionRecorder : IDetectionSink
{
    private readonly List<Detection> _detections = [];

    /// <summary>The detections so far.</summary>
    public IReadOnlyList<Detection> Detections => _detections;

    /// <inheritdoc/>
    public void OnDetection(Detection detection) => _detections.Add(detection);

    /// <inheritdoc/>
    public void Dispose() { }
}
