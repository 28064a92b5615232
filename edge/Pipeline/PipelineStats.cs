using EdgeSound.Edge.Audio;

namespace EdgeSound.Edge.Pipeline;

/// <summary>What one <see cref="ListenPipeline.Run"/> did, for the end-of-run summary, logs and tests.</summary>
/// <param name="SamplesCaptured">Samples the source delivered (at its own rate).</param>
/// <param name="DroppedSamples">Of those, the oldest ones the queue dropped because classification fell behind.</param>
/// <param name="SamplesProcessed">Of those, the ones that went through the pipeline.</param>
/// <param name="WindowsClassified">Windows the classifier scored.</param>
/// <param name="Detections">Events sent to the sinks.</param>
/// <param name="Gaps">Times dropped audio broke the stream, each restarting the features after it.</param>
/// <param name="StreamSeconds">Source audio consumed, dropped audio included: the stream time reached.</param>
/// <param name="Cancelled">True when the run stopped on cancellation rather than the end of the source.</param>
/// <param name="Source">The source's own recovered trouble (overruns, lost frames, reopens).</param>
public sealed record PipelineStats(
    long SamplesCaptured,
    long DroppedSamples,
    long SamplesProcessed,
    long WindowsClassified,
    long Detections,
    long Gaps,
    double StreamSeconds,
    bool Cancelled,
    AudioSourceStats Source)
{
    /// <summary>
    /// True when the stop gave up on a read still blocked in the source (an idle stdin producer): the
    /// capture thread still holds the source, so it must not be disposed.
    /// </summary>
    public bool ReaderAbandoned { get; init; }
}
