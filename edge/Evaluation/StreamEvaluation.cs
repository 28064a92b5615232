using System.Diagnostics;
using EdgeSound.Edge.Pipeline;
using EdgeSound.Shared.Data;
using EdgeSound.Shared.Inference;
using EdgeSound.Shared.Smoothing;

namespace EdgeSound.Edge.Evaluation;

/// <summary>What a labelled stream gave: the score, the pipeline's counts, the stream's length and the time it took.</summary>
public sealed record StreamEvaluationResult(StreamScore Score, PipelineStats Stats, double StreamSeconds, TimeSpan Elapsed);

/// <summary>
/// Runs labelled clips (a <see cref="LabelledStreamSource"/>) through the device's listening pipeline
/// as fast as possible, without dropping audio, and scores the events: how a smoothing setting or a
/// model does on a stream rather than on single clips.
/// </summary>
public static class StreamEvaluation
{
    /// <exception cref="ArgumentException">A clip's label is not one of the model's.</exception>
    public static StreamEvaluationResult Run(IWindowClassifier classifier, IReadOnlyList<ClipRecord> clips, SmootherSettings smoother,
        int sampleRate, double gapSeconds, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(clips);
        var labels = classifier.Metadata.Labels;
        var foreign = clips.Select(c => c.Label).Distinct().Where(l => !labels.Contains(l)).ToList();
        if (foreign.Count > 0)
            throw new ArgumentException($"The model cannot name {string.Join(", ", foreign)}: its labels are {string.Join(", ", labels)}.");

        using var source = new LabelledStreamSource(clips, sampleRate, gapSeconds);
        var recorder = new DetectionRecorder();
        // The capture waits for the classifier instead of dropping audio: every clip is heard in full.
        var pipeline = new ListenPipeline(source, classifier, [recorder], new PipelineSettings { WaitWhenBehind = true, Smoother = smoother });
        var clock = Stopwatch.StartNew();
        var stats = pipeline.Run(cancellation);
        clock.Stop();
        return new StreamEvaluationResult(StreamScore.Of(source.Spans, recorder.Detections), stats, source.SecondsRead, clock.Elapsed);
    }
}
