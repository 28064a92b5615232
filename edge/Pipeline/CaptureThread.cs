using System.Runtime.ExceptionServices;
using EdgeSound.Edge.Audio;

namespace EdgeSound.Edge.Pipeline;

/// <summary>
/// Reads the source on its own thread into the queue, so a slow classification never stalls the
/// capture device (which would overrun); completes the queue when the source ends, fails or is
/// stopped. Allocates nothing per read.
/// </summary>
public sealed class CaptureThread : IDisposable
{
    /// <summary>Seconds of audio asked of the source per read: short, so audio reaches the queue promptly.</summary>
    public const double ReadSeconds = 0.02;

    /// <summary>
    /// How long <see cref="Stop"/> waits for the reading thread. A source should honour cancellation;
    /// a stream read (stdin) cannot, so this bound keeps an idle producer from hanging shutdown.
    /// </summary>
    public static readonly TimeSpan DefaultStopTimeout = TimeSpan.FromSeconds(5);

    private readonly IAudioSource _source;
    private readonly BoundedSampleQueue _queue;
    private readonly float[] _buffer;
    private readonly CancellationTokenSource _stop;
    private readonly CancellationToken _requested;
    private readonly TimeSpan _stopTimeout;
    private readonly Thread _thread;
    private ExceptionDispatchInfo? _failure;

    /// <summary>Prepares (does not start) a thread copying <paramref name="source"/> into <paramref name="queue"/> until <paramref name="cancellation"/> or <see cref="Stop"/>.</summary>
    /// <param name="source">The audio to read.</param>
    /// <param name="queue">Where the samples go.</param>
    /// <param name="cancellation">A requested stop (Ctrl+C, service stop).</param>
    /// <param name="stopTimeout">How long <see cref="Stop"/> waits for a blocked read; <see cref="DefaultStopTimeout"/> when null.</param>
    public CaptureThread(IAudioSource source, BoundedSampleQueue queue, CancellationToken cancellation, TimeSpan? stopTimeout = null)
    {
        _source = source ?? throw new ArgumentNullException(nameof(source));
        _queue = queue ?? throw new ArgumentNullException(nameof(queue));
        _buffer = new float[Math.Max(64, (int)(source.SampleRate * ReadSeconds))];
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        _requested = cancellation;
        _stopTimeout = stopTimeout ?? DefaultStopTimeout;
        _thread = new Thread(Loop) { IsBackground = true, Name = "edgesound-capture" };
    }

    /// <summary>Starts reading.</summary>
    public void Start() => _thread.Start();

    /// <summary>
    /// True when <see cref="Stop"/> gave up on a read still blocked in the source (stdin with no data
    /// coming): the thread, a background one, still holds the source, so the source must not be disposed.
    /// </summary>
    public bool Abandoned { get; private set; }

    /// <summary>
    /// Stops reading, waits for the thread, and rethrows what the source threw (other than the
    /// cancellation that stopped it), so a failed device is reported on the pipeline's thread. A read
    /// that does not return in time is abandoned (<see cref="Abandoned"/>): on a requested stop that
    /// is a normal end, otherwise a <see cref="TimeoutException"/>.
    /// </summary>
    public void Stop()
    {
        _stop.Cancel();
        if (_thread.IsAlive && !_thread.Join(_stopTimeout))
        {
            Abandoned = true;
            // A blocking stream read cannot be interrupted: when the user asked to stop, waiting longer would only hang the exit.
            if (_requested.IsCancellationRequested) return;
            throw new TimeoutException($"The audio source '{_source.Description}' did not stop within {_stopTimeout.TotalSeconds} s of being cancelled.");
        }
        _failure?.Throw();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        // An abandoned thread still reads the token when its read returns.
        if (!Abandoned) _stop.Dispose();
    }

    private void Loop()
    {
        try
        {
            int read;
            while ((read = _source.Read(_buffer, _stop.Token)) > 0)
                _queue.Write(_buffer.AsSpan(0, read), _stop.Token);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Stopped on purpose.
        }
        catch (Exception e)
        {
            _failure = ExceptionDispatchInfo.Capture(e);
        }
        finally
        {
            _queue.Complete();
        }
    }
}
