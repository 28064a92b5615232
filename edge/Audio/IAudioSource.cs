namespace EdgeSound.Edge.Audio;

/// <summary>
/// Where the audio comes from (ALSA capture, a WAV file, raw PCM on stdin): mono float samples in
/// [-1, 1] at the source's own rate; the pipeline's resampler brings them to the model's rate.
/// </summary>
public interface IAudioSource : IDisposable
{
    /// <summary>Samples per second delivered by <see cref="Read"/> (the device's native rate for a microphone).</summary>
    int SampleRate { get; }

    /// <summary>What this source is, for logs and the console ("alsa:hw:1,0 48000 Hz S16_LE x2 -> mono").</summary>
    string Description { get; }

    /// <summary>
    /// Blocks until at least one sample is available, then fills up to <paramref name="buffer"/>.Length
    /// mono samples and returns how many; 0 means the source has ended (end of file or stdin).
    /// Throws <see cref="OperationCanceledException"/> when <paramref name="cancellation"/> fires.
    /// </summary>
    int Read(Span<float> buffer, CancellationToken cancellation);

    /// <summary>Counters of what went wrong and was recovered (overruns, lost frames, reopens).</summary>
    AudioSourceStats Stats { get; }
}

/// <summary>Recovered trouble in a source, for the status line, the service log and tests.</summary>
public sealed class AudioSourceStats
{
    private long _overruns, _lostFrames, _reopens;

    /// <summary>Capture overruns recovered (ALSA -EPIPE).</summary>
    public long Overruns => Interlocked.Read(ref _overruns);

    /// <summary>Frames known lost to overruns or a vanished device.</summary>
    public long LostFrames => Interlocked.Read(ref _lostFrames);

    /// <summary>Times the device was reopened after it disappeared.</summary>
    public long Reopens => Interlocked.Read(ref _reopens);

    public void CountOverrun(long lostFrames)
    {
        Interlocked.Increment(ref _overruns);
        Interlocked.Add(ref _lostFrames, lostFrames);
    }

    public void CountLostFrames(long lostFrames) => Interlocked.Add(ref _lostFrames, lostFrames);

    public void CountReopen() => Interlocked.Increment(ref _reopens);
}
