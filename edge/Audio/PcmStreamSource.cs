namespace EdgeSound.Edge.Audio;

/// <summary>
/// Raw interleaved PCM from a stream, typically stdin (<c>arecord -t raw ... | edgesound ...</c>):
/// rate, channels and format are the user's word, since raw PCM carries no header. Channels are
/// averaged to mono. A partial frame at the end of the stream is dropped; <see cref="Read"/> returns
/// 0 at the end. Reads allocate nothing.
/// </summary>
public sealed class PcmStreamSource : IAudioSource
{
    /// <summary>Frames one read asks the stream for at most.</summary>
    public const int DefaultMaxFramesPerRead = 4096;

    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private readonly PcmSampleFormat _format;
    private readonly int _channels;
    private readonly int _frameBytes;
    private readonly byte[] _bytes;
    private int _pending; // bytes of an incomplete frame kept at the start of _bytes
    private bool _ended;

    /// <summary>Reads <paramref name="stream"/> as <paramref name="channels"/> x <paramref name="format"/> at <paramref name="sampleRate"/>.</summary>
    /// <param name="stream">The PCM input; disposed with the source only when <paramref name="ownsStream"/>.</param>
    /// <param name="sampleRate">Frames per second of the input.</param>
    /// <param name="channels">Interleaved channels per frame.</param>
    /// <param name="format">Sample encoding.</param>
    /// <param name="name">What the input is, for <see cref="Description"/> ("stdin", a file name).</param>
    /// <param name="ownsStream">Whether <see cref="Dispose"/> disposes <paramref name="stream"/>.</param>
    /// <param name="maxFramesPerRead">Upper bound of frames per read, which sizes the one internal buffer.</param>
    public PcmStreamSource(Stream stream, int sampleRate, int channels, PcmSampleFormat format,
        string name = "stdin", bool ownsStream = false, int maxFramesPerRead = DefaultMaxFramesPerRead)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead) throw new ArgumentException($"raw PCM input '{name}' cannot be read.", nameof(stream));
        if (sampleRate <= 0) throw new ArgumentException($"raw PCM input '{name}': sample rate {sampleRate} Hz must be positive.", nameof(sampleRate));
        if (channels <= 0) throw new ArgumentException($"raw PCM input '{name}': channel count {channels} must be positive.", nameof(channels));
        if (maxFramesPerRead <= 0) throw new ArgumentException($"raw PCM input '{name}': at most {maxFramesPerRead} frames per read must be positive.", nameof(maxFramesPerRead));
        _stream = stream;
        _ownsStream = ownsStream;
        _format = format;
        _channels = channels;
        _frameBytes = format.BytesPerSample() * channels;
        _bytes = new byte[maxFramesPerRead * _frameBytes];
        SampleRate = sampleRate;
        Description = $"pcm:{name} {sampleRate} Hz {format} x{channels} -> mono";
    }

    /// <inheritdoc/>
    public int SampleRate { get; }

    /// <inheritdoc/>
    public string Description { get; }

    /// <inheritdoc/>
    public AudioSourceStats Stats { get; } = new();

    /// <summary>Bytes of an incomplete last frame that were dropped at the end of the stream (0 when it ended on a frame boundary).</summary>
    public int DroppedTrailingBytes { get; private set; }

    /// <summary>
    /// Blocks on the stream until at least one whole frame is in (a blocking stream read cannot be
    /// interrupted, so cancellation is seen between stream reads; on a stop with an idle producer the
    /// capture thread abandons the read), then decodes the whole frames.
    /// </summary>
    public int Read(Span<float> buffer, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        if (buffer.IsEmpty) throw new ArgumentException("the buffer for samples is empty; 0 would mean end of stream.", nameof(buffer));
        if (_ended) return 0;
        int wanted = Math.Min(buffer.Length, _bytes.Length / _frameBytes) * _frameBytes;
        while (_pending < _frameBytes)
        {
            int got = _stream.Read(_bytes, _pending, wanted - _pending);
            if (got == 0)
            {
                _ended = true;
                DroppedTrailingBytes = _pending;
                _pending = 0;
                return 0;
            }
            _pending += got;
            cancellation.ThrowIfCancellationRequested();
        }

        int frames = _pending / _frameBytes;
        int used = frames * _frameBytes;
        InterleavedPcmDecoder.ToMono(_bytes.AsSpan(0, used), _format, _channels, buffer[..frames]);
        // Keep the start of a frame split across stream reads for the next call.
        _bytes.AsSpan(used, _pending - used).CopyTo(_bytes);
        _pending -= used;
        return frames;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_ownsStream) _stream.Dispose();
    }
}
