using System.Diagnostics;
using EdgeSound.Shared.Audio;

namespace EdgeSound.Edge.Audio;

/// <summary>
/// A WAV file as an audio source (any format the shared <see cref="WavReader"/> reads, down-mixed to
/// mono by it). Paced, it delivers audio no faster than real time, like a microphone, for replaying a
/// recording into the live pipeline; unpaced, as fast as the caller reads. <see cref="Read"/> returns 0
/// at the end of the file.
/// </summary>
public sealed class WavFileSource : IAudioSource
{
    private readonly float[] _samples;
    private readonly bool _paced;
    private int _position;
    private long _startTimestamp;

    /// <summary>Reads the whole file now, so a bad file fails at start-up with the reader's message.</summary>
    /// <param name="path">The WAV file.</param>
    /// <param name="paced">True: real time; false: as fast as possible.</param>
    /// <exception cref="WavFormatException">The file is not a WAV file the reader can read.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public WavFileSource(string path, bool paced)
    {
        var clip = WavReader.Read(path);
        _samples = clip.Samples;
        _paced = paced;
        SampleRate = clip.SampleRate;
        Description = $"wav:{path} {clip.SampleRate} Hz {clip.DurationSeconds:0.###} s -> mono{(paced ? ", real time" : ", as fast as possible")}";
    }

    /// <inheritdoc/>
    public int SampleRate { get; }

    /// <inheritdoc/>
    public string Description { get; }

    /// <inheritdoc/>
    public AudioSourceStats Stats { get; } = new();

    /// <summary>Whether reads are held back to the wall clock.</summary>
    public bool Paced => _paced;

    /// <summary>
    /// Copies the next samples. Paced, it first waits until the wall clock (started at the first read)
    /// has reached the end of that chunk, so the stream never drifts ahead however the reads are sized.
    /// </summary>
    public int Read(Span<float> buffer, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        if (buffer.IsEmpty) throw new ArgumentException("the buffer for samples is empty; 0 would mean end of stream.", nameof(buffer));
        int count = Math.Min(buffer.Length, _samples.Length - _position);
        if (count <= 0) return 0;
        if (_paced) WaitUntilPlayed(_position + count, cancellation);
        _samples.AsSpan(_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        // The whole file was read at construction: no handle is held.
    }

    private void WaitUntilPlayed(long sampleIndex, CancellationToken cancellation)
    {
        if (_startTimestamp == 0) _startTimestamp = Stopwatch.GetTimestamp();
        var due = TimeSpan.FromSeconds((double)sampleIndex / SampleRate);
        var wait = due - Stopwatch.GetElapsedTime(_startTimestamp);
        if (wait > TimeSpan.Zero && cancellation.WaitHandle.WaitOne(wait))
            cancellation.ThrowIfCancellationRequested();
    }
}
