using EdgeSound.Edge.Audio;
using EdgeSound.Edge.Sinks;
using EdgeSound.Shared.Dsp;
using EdgeSound.Shared.Features;
using EdgeSound.Shared.Inference;
using EdgeSound.Shared.Smoothing;

namespace EdgeSound.Edge.Pipeline;

/// <summary>
/// The device's listening loop: source -(capture thread)-> <see cref="BoundedSampleQueue"/> ->
/// <see cref="StreamingResampler"/> (source rate to model rate) -> <see cref="StreamingLogMelExtractor"/>
/// -> <see cref="FeatureWindow"/> -> <see cref="IWindowClassifier"/> -> <see cref="DetectionSmoother"/>
/// -> sinks. Buffers are allocated here, so a hop allocates nothing but the events it reports.
/// Run it once.
/// </summary>
public sealed class ListenPipeline
{
    /// <summary>Seconds of audio taken from the queue per step (more when it is backed up would only lengthen a step).</summary>
    public const double StepSeconds = 0.1;

    private readonly IAudioSource _source;
    private readonly IWindowClassifier _classifier;
    private readonly IDetectionSink[] _sinks;
    private readonly BoundedSampleQueue _queue;
    private readonly StreamingResampler _resampler;
    private readonly StreamingLogMelExtractor _extractor;
    private readonly FeatureWindow _window;
    private readonly DetectionSmoother _smoother;
    private readonly FrameHandler _onFrame;
    private readonly float[] _step, _resampled, _input, _probabilities;
    private readonly int _sourceRate, _modelRate;
    private readonly long _maxSourceSamples;
    private long _nextSourceSample, _processed, _windows, _detections, _gaps;
    private double _segmentStartSeconds;
    private bool _started;

    /// <summary>Builds the stages for <paramref name="classifier"/>'s model and checks the settings against it.</summary>
    /// <param name="source">The audio; read on a thread of its own. The caller disposes it.</param>
    /// <param name="classifier">The model, fed one window at a time.</param>
    /// <param name="sinks">Where events and live status go, in order, on the pipeline's thread.</param>
    /// <param name="settings">Hop, queue length and smoothing.</param>
    /// <param name="clock">Wall-clock time stamped on detections; the system clock when null.</param>
    /// <exception cref="ArgumentException">A setting is impossible for this model or source.</exception>
    public ListenPipeline(IAudioSource source, IWindowClassifier classifier, IReadOnlyList<IDetectionSink> sinks,
        PipelineSettings settings, TimeProvider? clock = null)
    {
        _source = source ?? throw new ArgumentNullException(nameof(source));
        _classifier = classifier ?? throw new ArgumentNullException(nameof(classifier));
        _sinks = [.. sinks ?? throw new ArgumentNullException(nameof(sinks))];
        ArgumentNullException.ThrowIfNull(settings);
        settings.ValidateQueue();
        var model = classifier.Metadata;
        var features = model.Features;
        _sourceRate = source.SampleRate;
        _modelRate = features.SampleRate;
        HopFrames = settings.ResolveHopFrames(features, model.HopFrames);

        _queue = new BoundedSampleQueue(checked((int)Math.Ceiling(settings.QueueSeconds * _sourceRate)), settings.WaitWhenBehind);
        _maxSourceSamples = settings.MaxSeconds is { } seconds ? (long)Math.Round(seconds * _sourceRate) : long.MaxValue;
        _resampler = new StreamingResampler(Resampler.ForRates(_sourceRate, _modelRate));
        _extractor = new StreamingLogMelExtractor(features);
        _step = new float[Math.Max(64, (int)(_sourceRate * StepSeconds))];
        _resampled = new float[Math.Max(_resampler.MaxOutputLength(_step.Length), _resampler.MaxFlushLength)];
        _window = FeatureWindow.For(model, HopFrames, _resampled.Length);
        _smoother = new DetectionSmoother(model.Labels, settings.Smoother, clock);
        _input = new float[model.InputLength];
        _probabilities = new float[model.Labels.Count];
        _onFrame = OnFrame;
    }

    /// <summary>Frames between windows in force (the model's or the user's).</summary>
    public int HopFrames { get; }

    /// <summary>
    /// Listens until the source ends (then flushes the last samples through) or
    /// <paramref name="cancellation"/> fires (then stops at once); returns what happened.
    /// </summary>
    /// <exception cref="InvalidOperationException">Run was already called.</exception>
    public PipelineStats Run(CancellationToken cancellation)
    {
        if (_started) throw new InvalidOperationException("A pipeline runs once; build a new one for another run.");
        _started = true;
        using var capture = new CaptureThread(_source, _queue, cancellation);
        capture.Start();
        try
        {
            Listen(cancellation);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // Ctrl+C or service stop: a normal end of listening.
        }
        finally
        {
            capture.Stop();
        }
        return new PipelineStats(_queue.WrittenSamples, _queue.DroppedSamples, _processed, _windows, _detections, _gaps,
            (double)_nextSourceSample / _sourceRate, cancellation.IsCancellationRequested, _source.Stats) { ReaderAbandoned = capture.Abandoned };
    }

    private void Listen(CancellationToken cancellation)
    {
        int read;
        while (_nextSourceSample < _maxSourceSamples && (read = _queue.Read(_step, out long first, cancellation)) > 0)
        {
            cancellation.ThrowIfCancellationRequested();
            if (first != _nextSourceSample) RestartAfterGap(first);
            read = (int)Math.Min(read, Math.Max(0, _maxSourceSamples - first));
            _nextSourceSample = first + read;
            _processed += read;
            Feed(_resampled.AsSpan(0, _resampler.Process(_step.AsSpan(0, read), _resampled)));
        }
        EndSegment();
    }

    /// <summary>Audio was dropped: finish the audio before the gap, then start the features afresh after it.</summary>
    private void RestartAfterGap(long resumeAt)
    {
        EndSegment();
        _extractor.Reset();
        _window.Reset();
        _smoother.ClearAverage();
        _segmentStartSeconds = (double)resumeAt / _sourceRate;
        _gaps++;
    }

    /// <summary>Pushes the resampler's tail (it resets itself) and the extractor's through the window.</summary>
    private void EndSegment()
    {
        Feed(_resampled.AsSpan(0, _resampler.Flush(_resampled)));
        _extractor.Flush(_onFrame);
    }

    private void Feed(ReadOnlySpan<float> modelRateSamples)
    {
        if (modelRateSamples.IsEmpty) return;
        _window.AppendSamples(modelRateSamples);
        _extractor.Push(modelRateSamples, _onFrame);
    }

    private void OnFrame(ReadOnlySpan<float> melFrame, long frameIndex)
    {
        if (_window.AddFrame(melFrame, frameIndex)) ClassifyWindow();
    }

    private void ClassifyWindow()
    {
        _window.WriteInput(_input);
        _classifier.Classify(_input, 1, _probabilities);
        _windows++;
        double start = _segmentStartSeconds + (double)_window.StartSample / _modelRate;
        double end = _segmentStartSeconds + (double)_window.EndSample / _modelRate;
        var detection = _smoother.Update(_probabilities, start, end, _window.LevelDbfs);
        if (detection is not null)
        {
            _detections++;
            foreach (var sink in _sinks) sink.OnDetection(detection);
        }
        if (_sinks.Length == 0) return;
        var status = _smoother.CreateStatus(_queue.DroppedSamples);
        foreach (var sink in _sinks) sink.OnStatus(status);
    }
}
