using EdgeSound.Shared.Smoothing;

namespace EdgeSound.Edge.Sinks;

/// <summary>
/// Where detections go (console, JSONL file, GPIO pin, MQTT broker). Called on the pipeline's
/// thread once per event and once per hop: implementations must return quickly and never block on
/// I/O that can stall (a network sink queues, boundedly, and sends on its own task).
/// </summary>
public interface IDetectionSink : IDisposable
{
    /// <summary>A new detection (already smoothed, thresholded and held off).</summary>
    void OnDetection(Detection detection);

    /// <summary>The live state after a hop; most sinks ignore it.</summary>
    void OnStatus(LiveStatus status) { }
}
