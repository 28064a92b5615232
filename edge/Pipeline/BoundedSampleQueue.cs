namespace EdgeSound.Edge.Pipeline;

/// <summary>
/// A fixed-size ring of samples between the capture thread (one writer) and the pipeline thread
/// (one reader). It never grows: when the reader falls behind, the OLDEST audio is dropped and
/// counted, so the device keeps listening to the present instead of an ever older past.
/// Writes and reads allocate nothing. For a source faster than real time (a file read as fast as
/// possible) the queue can instead make the writer wait for room, so nothing is dropped.
/// </summary>
/// <remarks>
/// Dropping the oldest audio means the writer moves the reader's position, so both sides take one
/// short lock (a copy of one chunk) rather than a lock-free single-producer ring.
/// </remarks>
public sealed class BoundedSampleQueue
{
    private readonly object _gate = new();
    private readonly float[] _ring;
    private int _head;           // ring index of the oldest buffered sample
    private int _count;          // buffered samples
    private long _readPosition;  // stream index of the oldest buffered sample
    private long _written;
    private long _dropped;
    private bool _completed;

    private readonly bool _waitWhenFull;

    /// <summary>A queue that holds at most <paramref name="capacity"/> samples.</summary>
    /// <param name="capacity">Samples held at most.</param>
    /// <param name="waitWhenFull">False (live audio): drop the oldest when full. True (audio faster than real time): the writer waits for room.</param>
    public BoundedSampleQueue(int capacity, bool waitWhenFull = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _ring = new float[capacity];
        _waitWhenFull = waitWhenFull;
    }

    /// <summary>The most samples the queue holds.</summary>
    public int Capacity => _ring.Length;

    /// <summary>Samples waiting to be read.</summary>
    public int Count { get { lock (_gate) return _count; } }

    /// <summary>Samples written since the queue was made (the stream length so far).</summary>
    public long WrittenSamples { get { lock (_gate) return _written; } }

    /// <summary>Samples dropped, oldest first, because the reader fell behind.</summary>
    public long DroppedSamples { get { lock (_gate) return _dropped; } }

    /// <summary>True once the writer has called <see cref="Complete"/> (the source ended).</summary>
    public bool IsCompleted { get { lock (_gate) return _completed; } }

    /// <summary>
    /// Appends <paramref name="samples"/>; when they do not fit, drops the oldest buffered samples
    /// (and, for a write longer than the capacity, the oldest part of the write itself), or, in a
    /// queue made with waitWhenFull, waits until the reader has made room.
    /// </summary>
    /// <exception cref="InvalidOperationException">The queue was completed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> fired while waiting for room.</exception>
    public void Write(ReadOnlySpan<float> samples, CancellationToken cancellation = default)
    {
        if (samples.IsEmpty) return;
        if (!_waitWhenFull)
        {
            lock (_gate) Append(samples);
            return;
        }
        // Registered outside the lock: disposing a registration waits for a running callback, which needs the lock.
        using var wake = cancellation.UnsafeRegister(static state => ((BoundedSampleQueue)state!).WakeAll(), this);
        lock (_gate)
        {
            while (!samples.IsEmpty)
            {
                while (_count == _ring.Length && !_completed)
                {
                    cancellation.ThrowIfCancellationRequested();
                    Monitor.Wait(_gate);
                }
                int room = Math.Max(1, _ring.Length - _count);
                int part = Math.Min(room, samples.Length);
                Append(samples[..part]);
                samples = samples[part..];
            }
        }
    }

    private void Append(ReadOnlySpan<float> samples)
    {
        if (_completed)
            throw new InvalidOperationException("The queue was completed (the source ended); nothing more can be written.");
        _written += samples.Length;
        if (samples.Length >= _ring.Length)
        {
            // Only the newest Capacity samples survive; everything buffered and the rest of the write is lost.
            int lost = samples.Length - _ring.Length;
            DropBuffered(_count);
            CountDropped(lost);
            samples = samples[lost..];
        }
        else
        {
            int overflow = _count + samples.Length - _ring.Length;
            if (overflow > 0) DropBuffered(overflow);
        }

        int tail = (_head + _count) % _ring.Length;
        int first = Math.Min(samples.Length, _ring.Length - tail);
        samples[..first].CopyTo(_ring.AsSpan(tail));
        samples[first..].CopyTo(_ring);
        _count += samples.Length;
        Monitor.PulseAll(_gate);
    }

    /// <summary>Marks the end of the stream: readers drain what is left, then read 0.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>
    /// Blocks until samples are available (or the queue is completed), then moves up to
    /// <paramref name="destination"/>.Length of the oldest samples into it.
    /// </summary>
    /// <returns>How many samples were read; 0 once the queue is completed and empty.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> fired while waiting.</exception>
    public int Read(Span<float> destination, CancellationToken cancellation) => Read(destination, out _, cancellation);

    /// <summary>
    /// As <see cref="Read(Span{float}, CancellationToken)"/>, and tells the stream index of the first
    /// sample read: when it is beyond the previous read's end, the samples in between were dropped.
    /// </summary>
    public int Read(Span<float> destination, out long firstSampleIndex, CancellationToken cancellation)
    {
        if (destination.IsEmpty) throw new ArgumentException("The destination holds no samples.", nameof(destination));
        lock (_gate)
        {
            if (_count > 0 || _completed) return Take(destination, out firstSampleIndex);
            cancellation.ThrowIfCancellationRequested();
        }

        // Registered outside the lock: disposing a registration waits for a running callback, which needs the lock.
        using var wake = cancellation.UnsafeRegister(static state => ((BoundedSampleQueue)state!).WakeAll(), this);
        lock (_gate)
        {
            while (_count == 0 && !_completed)
            {
                cancellation.ThrowIfCancellationRequested();
                Monitor.Wait(_gate);
            }
            return Take(destination, out firstSampleIndex);
        }
    }

    private void WakeAll()
    {
        lock (_gate) Monitor.PulseAll(_gate);
    }

    private int Take(Span<float> destination, out long firstSampleIndex)
    {
        firstSampleIndex = _readPosition;
        int take = Math.Min(destination.Length, _count);
        int first = Math.Min(take, _ring.Length - _head);
        _ring.AsSpan(_head, first).CopyTo(destination);
        _ring.AsSpan(0, take - first).CopyTo(destination[first..]);
        _head = (_head + take) % _ring.Length;
        _count -= take;
        _readPosition += take;
        if (_waitWhenFull) Monitor.PulseAll(_gate); // a writer may be waiting for this room
        return take;
    }

    /// <summary>Forgets the <paramref name="samples"/> oldest buffered samples.</summary>
    private void DropBuffered(int samples)
    {
        _head = (_head + samples) % _ring.Length;
        _count -= samples;
        CountDropped(samples);
    }

    /// <summary>Dropped samples are skipped in the stream: the next read starts after them.</summary>
    private void CountDropped(int samples)
    {
        _dropped += samples;
        _readPosition += samples;
    }
}
