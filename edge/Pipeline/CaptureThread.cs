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

    // A source must honour cancellation; this bound only keeps a broken one from hanging shutdown.
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly IAudioSource _source;
    private readonly BoundedSampleQueue _queue;
    private readonly float[] _buffer;
    private readonly CancellationTokenSource _stop;
    private readonly Thread _thread;
    private ExceptionDispatchInfo? _failure;

    /// <summary>Prepares (does not start) a thread copying <paramref name="source"/> into <paramref name="queue"/> until <paramref name="cancellation"/> or <see cref="Stop"/>.</summary>
    public CaptureThread(IAudioSource source, BoundedSampleQueue queue, CancellationToken cancellation)
    {
        _source = source ?? throw new ArgumentNullException(nameof(source));
        _queue = queue ?? throw new ArgumentNullException(nameof(queue));
        _buffer = new float[Math.Max(64, (int)(source.SampleRate * ReadSeconds))];
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        _thread = new Thread(Loop) { IsBackground = true, Name = "edgesound-capture" };
    }

    /// <summary>Starts reading.</summary>
    public void Start() => _thread.Start();

    /// <summary>
    /// Stops reading, waits for the thread, and rethrows what the source threw (other than the
    /// cancellation that stopped it), so a failed device is reported on the pipeline's thread.
    /// </summary>
    public void Stop()
    {
        _stop.Cancel();
        if (_thread.IsAlive && !_thread.Join(StopTimeout))
            throw new TimeoutException($"The audio source '{_source.Description}' did not stop within {StopTimeout.TotalSeconds} s of being cancelled.");
        _failure?.Throw();
    }

    /// <inheritdoc/>
    public void Dispose() => _stop.Dispose();

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
