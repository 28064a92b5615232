namespace EdgeSound.Shared.Features;

/// <summary>Receives one log-mel frame; <paramref name="melFrame"/> is only valid during the call.</summary>
public delegate void FrameHandler(ReadOnlySpan<float> melFrame, long frameIndex);

/// <summary>
/// Log-mel features of a stream fed in chunks of any size (the edge's path). Emits each frame as
/// soon as its last sample arrives, with exactly the values <see cref="LogMelExtractor"/> gives for
/// the same samples. Allocates nothing per frame. Not thread-safe.
/// </summary>
public sealed class StreamingLogMelExtractor
{
    private readonly LogMelFrameComputer _frames;
    private readonly float[] _pending;   // the next frame's samples, _filled of them so far
    private readonly float[] _melFrame;
    private readonly float[] _endPadding;
    private readonly int _hop;
    private int _filled;
    private int _skip;                   // samples to drop before the next frame starts (hop > FftSize)
    private long _frameIndex;
    private bool _sawSamples;
    private bool _flushed;

    /// <summary>Prepares a streaming extractor for a valid <paramref name="config"/> (validates it).</summary>
    public StreamingLogMelExtractor(FeatureConfig config)
    {
        _frames = new LogMelFrameComputer(config);
        _pending = new float[config.FftSize];
        _melFrame = new float[config.MelCount];
        _endPadding = new float[config.PadLength];
        _hop = config.HopLength;
        Reset();
    }

    /// <summary>The configuration this extractor implements.</summary>
    public FeatureConfig Config => _frames.Config;

    /// <summary>Frames emitted since the last <see cref="Reset"/>.</summary>
    public long FramesEmitted => _frameIndex;

    /// <summary>
    /// Appends <paramref name="chunk"/> (at Config.SampleRate) and calls <paramref name="onFrame"/>
    /// for every frame it completes, in order.
    /// </summary>
    public void Push(ReadOnlySpan<float> chunk, FrameHandler onFrame)
    {
        ArgumentNullException.ThrowIfNull(onFrame);
        if (_flushed)
            throw new InvalidOperationException("The stream was flushed; call Reset() before pushing new samples.");
        if (chunk.IsEmpty) return;
        _sawSamples = true;
        Append(chunk, onFrame);
    }

    /// <summary>
    /// Ends the stream: with Center true, appends the FftSize/2 zeros of end padding and emits the
    /// frames they complete (nothing when no sample was pushed, as the batch extractor gives no frame
    /// for an empty clip). With Center false there is nothing left to emit. Call <see cref="Reset"/>
    /// before pushing again.
    /// </summary>
    public void Flush(FrameHandler onFrame)
    {
        ArgumentNullException.ThrowIfNull(onFrame);
        if (_flushed) return;
        _flushed = true;
        if (_sawSamples && _endPadding.Length > 0)
            Append(_endPadding, onFrame);
    }

    /// <summary>Forgets all samples and restarts frame numbering at 0 (and the start padding when Center).</summary>
    public void Reset()
    {
        // Center's start padding is zeros already in place before the first sample.
        _pending.AsSpan().Clear();
        _filled = Config.PadLength;
        _skip = 0;
        _frameIndex = 0;
        _sawSamples = false;
        _flushed = false;
    }

    private void Append(ReadOnlySpan<float> samples, FrameHandler onFrame)
    {
        while (!samples.IsEmpty)
        {
            if (_skip > 0)
            {
                int dropped = Math.Min(_skip, samples.Length);
                samples = samples[dropped..];
                _skip -= dropped;
                continue;
            }

            int take = Math.Min(_pending.Length - _filled, samples.Length);
            samples[..take].CopyTo(_pending.AsSpan(_filled));
            _filled += take;
            samples = samples[take..];
            if (_filled < _pending.Length) continue;

            _frames.Compute(_pending, _melFrame);
            onFrame(_melFrame, _frameIndex++);

            if (_hop < _pending.Length)
            {
                _pending.AsSpan(_hop).CopyTo(_pending); // keep the overlap with the next frame
                _filled = _pending.Length - _hop;
            }
            else
            {
                _filled = 0;
                _skip = _hop - _pending.Length;
            }
        }
    }
}
