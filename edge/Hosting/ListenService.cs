using EdgeSound.Edge.Audio;
using EdgeSound.Edge.Commands;
using EdgeSound.Edge.Pipeline;
using EdgeSound.Edge.Sinks;
using EdgeSound.Shared.Inference;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeSound.Edge.Hosting;

/// <summary>
/// The listening service: on start it loads the model, opens the microphone and the sinks (so
/// systemd's READY, sent after start, means "listening"); it runs the pipeline on its own thread;
/// on stop (SIGTERM, Ctrl+C) it cancels the pipeline, waits for it, and disposes the sinks, which
/// flushes the JSONL file, publishes MQTT "offline" and switches GPIO pins off. A source that ends
/// stops the app.
/// </summary>
/// <remarks>
/// Stop budget, to fit the unit's TimeoutStopSec (tools/pi/edgesound.service): the pipeline
/// <see cref="PipelineStopTimeout"/> (7 s), then the MQTT sink's drain (3 s) and "offline" publish
/// (at most its 10 s connect timeout): 20 s at worst, a few milliseconds when all is well.
/// </remarks>
public sealed class ListenService(IOptions<EdgeSoundOptions> options, IHostApplicationLifetime lifetime, ILoggerFactory logs) : IHostedService
{
    /// <summary>
    /// How long a stop waits for the pipeline: the capture thread's own bound on a blocked read plus
    /// time for the window being classified.
    /// </summary>
    public static readonly TimeSpan PipelineStopTimeout = CaptureThread.DefaultStopTimeout + TimeSpan.FromSeconds(2);
    private readonly ILogger _log = logs.CreateLogger<ListenService>();
    private readonly CancellationTokenSource _stopping = new();
    private OnnxWindowClassifier? _classifier;
    private IAudioSource? _source;
    private List<IDetectionSink> _sinks = [];
    private Task _run = Task.CompletedTask;

    /// <summary>What the last run did (null until it ends).</summary>
    public PipelineStats? Stats { get; private set; }

    /// <summary>Why listening failed after start (a device that could not be recovered), or null.</summary>
    public Exception? Failure { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var o = BindOptions();
        var settings = ListenSetup.PipelineSettings(o);
        try
        {
            _classifier = OnnxWindowClassifier.Open(ModelLocation.Resolve(o.Model), new OnnxClassifierOptions { IntraOpThreads = o.Threads });
            settings.Smoother.Validate(_classifier.Metadata.Labels);
            _source = ListenSetup.OpenSource(o.Source, message => _log.LogWarning("{Message}", message));
            _sinks = ListenSetup.OpenSinks(o, _classifier.Metadata, logs);
            var pipeline = new ListenPipeline(_source, _classifier, _sinks, settings);
            if (settings.HopSeconds is null && pipeline.HopFrames != _classifier.Metadata.HopFrames)
                _log.LogWarning("The model's own hop ({ModelHop} frames) is longer than {Max} s: using {Hop} frames, the most whole frames within it.",
                    _classifier.Metadata.HopFrames, PipelineSettings.MaxHopSeconds, pipeline.HopFrames);
            _log.LogInformation("Listening to {Source} with {Model} ({Labels} labels, window {Window:F2} s, hop {Hop:F2} s); sinks: {Sinks}",
                _source.Description, _classifier.ModelPath, _classifier.Metadata.Labels.Count,
                _classifier.Metadata.WindowSamples / (double)_classifier.Metadata.Features.SampleRate,
                pipeline.HopFrames * _classifier.Metadata.Features.HopLength / (double)_classifier.Metadata.Features.SampleRate,
                _sinks.Count == 0 ? "none" : string.Join(", ", _sinks.Select(s => s.GetType().Name)));
            _run = Task.Factory.StartNew(() => Run(pipeline), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        catch
        {
            Release();
            throw;
        }
        return Task.CompletedTask;
    }

    /// <summary>The settings, bound now; a value of the wrong type is a settings error naming its key.</summary>
    private EdgeSoundOptions BindOptions()
    {
        try
        {
            return options.Value;
        }
        // Here the binder is the only thing that throws it: "Failed to convert configuration value at 'EdgeSound:Threads' ...".
        catch (InvalidOperationException e)
        {
            throw new ArgumentException(
                $"{e.Message} {e.InnerException?.Message} Fix that value in the settings file or the environment (EdgeSound__Section__Key).", e);
        }
    }

    private void Run(ListenPipeline pipeline)
    {
        try
        {
            Stats = pipeline.Run(_stopping.Token);
            var s = Stats;
            if (s.ReaderAbandoned)
                _log.LogWarning("The read from {Source} was still blocked when listening stopped (a producer sending nothing); it was abandoned.",
                    _source!.Description);
            _log.LogInformation("Stopped after {Seconds:F1} s of audio: {Windows} windows, {Detections} detections, {Dropped} samples dropped, {Overruns} overruns, {Reopens} reopens",
                s.StreamSeconds, s.WindowsClassified, s.Detections, s.DroppedSamples, s.Source.Overruns, s.Source.Reopens);
        }
        catch (Exception e)
        {
            _log.LogError("Listening failed: {Message}", e.Message);
            Failure = e;
        }
        finally
        {
            // The source ended (a file, stdin) or failed: the app has nothing more to do.
            lifetime.StopApplication();
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        bool finished = await Task.WhenAny(_run, Task.Delay(PipelineStopTimeout, cancellationToken)) == _run;
        if (!finished)
            _log.LogError("Listening did not stop within {Seconds} s; the model and the audio source it is still using are left to the process exit.",
                PipelineStopTimeout.TotalSeconds);
        Release(runFinished: finished);
    }

    /// <summary>
    /// Disposes the sinks, then the source and the model unless the pipeline may still use them (native
    /// handles: ONNX Runtime's session, the ALSA PCM). The sinks are always closed, so the JSONL file is
    /// flushed, MQTT says "offline" and GPIO pins go off: each guards its state with a lock and refuses
    /// work once disposed, so a still-running pipeline gets an ObjectDisposedException, never freed memory.
    /// </summary>
    private void Release(bool runFinished = true)
    {
        foreach (var sink in _sinks)
        {
            try
            {
                sink.Dispose();
            }
            catch (Exception e)
            {
                _log.LogWarning("Closing {Sink} failed: {Message}", sink.GetType().Name, e.Message);
            }
        }
        _sinks = [];
        if (!runFinished) return;
        // A capture thread blocked in a read still holds the source; the process exit reclaims it.
        if (Stats?.ReaderAbandoned != true) _source?.Dispose();
        _source = null;
        _classifier?.Dispose();
        _classifier = null;
    }
}
