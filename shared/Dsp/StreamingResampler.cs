using System.Diagnostics;

namespace EdgeSound.Shared.Dsp;

/// <summary>
/// Resamples one stream chunk by chunk with a shared <see cref="Resampler"/> design. For any chunking
/// of the same input, the outputs of <see cref="Process"/> followed by <see cref="Flush"/> are
/// bit-identical to <see cref="Resampler.Process"/> on the whole input. Process allocates nothing.
/// </summary>
/// <remarks>
/// An output is emitted once all input it depends on has arrived, i.e. with a latency of
/// <c>HalfWidth</c> input samples; <see cref="Flush"/> emits the rest as if zeros followed.
/// One instance per stream; not thread-safe.
/// </remarks>
public sealed class StreamingResampler
{
    // Room for new input beyond the window kept between calls; bigger only means fewer, longer copies.
    private const int MinimumFreshCapacity = 4096;

    private readonly ResamplerFilterBank? _bank;
    private readonly float[] _buffer;
    private readonly int _halfWidth;
    private readonly int _tapsPerPhase;
    private readonly int _phases;
    private readonly int _stepWhole;
    private readonly int _stepRest;

    // _buffer[0.._bufferCount) holds input samples at absolute indices _bufferStart.. (negative = leading zeros).
    private long _bufferStart;
    private int _bufferCount;
    private long _received;

    // The next output k sits at input time _windowCentre + _phase / L, i.e. k·M/L split into whole and fraction.
    private long _nextOutput;
    private long _windowCentre;
    private int _phase;

    /// <summary>Starts a stream that resamples with <paramref name="design"/>.</summary>
    public StreamingResampler(Resampler design)
    {
        ArgumentNullException.ThrowIfNull(design);
        Design = design;
        _bank = design.Bank;
        if (_bank is null)
        {
            _buffer = [];
            return;
        }

        _halfWidth = _bank.HalfWidth;
        _tapsPerPhase = _bank.TapsPerPhase;
        _phases = design.UpFactor;
        _stepWhole = design.DownFactor / design.UpFactor;
        _stepRest = design.DownFactor % design.UpFactor;
        _buffer = new float[_tapsPerPhase + Math.Max(_tapsPerPhase, MinimumFreshCapacity)];
        Reset();
    }

    /// <summary>The design this stream uses.</summary>
    public Resampler Design { get; }

    /// <summary>
    /// The most outputs <see cref="Flush"/> can emit: size its buffer with this.
    /// </summary>
    public int MaxFlushLength => _bank is null ? 0 : checked((int)Design.CeilingScale(_halfWidth));

    /// <summary>
    /// The most outputs one <see cref="Process"/> call with <paramref name="inputLength"/> samples can
    /// write, whatever came before: ceil(inputLength × L / M).
    /// </summary>
    public int MaxOutputLength(int inputLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputLength);
        return checked((int)Design.CeilingScale(inputLength));
    }

    /// <summary>
    /// Feeds <paramref name="input"/> (any length, including 0) and writes every output that is now
    /// complete to the start of <paramref name="output"/>.
    /// </summary>
    /// <returns>How many output samples were written.</returns>
    /// <exception cref="ArgumentException"><paramref name="output"/> is too short for the outputs now due.</exception>
    public int Process(ReadOnlySpan<float> input, Span<float> output)
    {
        if (_bank is null)
        {
            RequireRoom(output, input.Length, "Process");
            input.CopyTo(output);
            return input.Length;
        }

        var due = Design.CeilingScale(_received + input.Length - _halfWidth) - _nextOutput;
        RequireRoom(output, due, "Process");

        var written = 0;
        while (!input.IsEmpty)
        {
            DropConsumedInput();
            var take = Math.Min(input.Length, _buffer.Length - _bufferCount);
            input[..take].CopyTo(_buffer.AsSpan(_bufferCount));
            _bufferCount += take;
            _received += take;
            input = input[take..];
            written += EmitReady(output[written..], long.MaxValue);
        }
        return written;
    }

    /// <summary>
    /// Ends the stream: writes the remaining outputs as if zeros followed the input, so that the whole
    /// stream has ceil(N × L / M) outputs, then resets for a new stream.
    /// </summary>
    /// <returns>How many output samples were written (at most <see cref="MaxFlushLength"/>).</returns>
    /// <exception cref="ArgumentException"><paramref name="output"/> is too short for the tail.</exception>
    public int Flush(Span<float> output)
    {
        if (_bank is null)
        {
            Reset();
            return 0;
        }

        var total = Design.CeilingScale(_received);
        RequireRoom(output, total - _nextOutput, "Flush");
        var written = 0;
        while (_nextOutput < total)
        {
            DropConsumedInput();
            // Zeros past the end of the input; they are not counted as received.
            _buffer.AsSpan(_bufferCount).Clear();
            _bufferCount = _buffer.Length;
            written += EmitReady(output[written..], total);
        }
        Reset();
        return written;
    }

    /// <summary>Forgets the stream so far; the next <see cref="Process"/> starts a new stream at time 0.</summary>
    public void Reset()
    {
        if (_bank is null) return;
        // Output 0 looks back HalfWidth - 1 samples before the signal starts: those are zeros.
        _bufferStart = -(_halfWidth - 1);
        _bufferCount = _halfWidth - 1;
        _buffer.AsSpan(0, _bufferCount).Clear();
        _received = 0;
        _nextOutput = 0;
        _windowCentre = 0;
        _phase = 0;
    }

    /// <summary>Computes outputs while their whole input window is buffered, up to output index <paramref name="stop"/>.</summary>
    private int EmitReady(Span<float> output, long stop)
    {
        var bank = _bank!;
        var buffer = _buffer;
        var bufferEnd = _bufferStart + _bufferCount;
        var centre = _windowCentre;
        var phase = _phase;
        var next = _nextOutput;
        var count = 0;
        while (next < stop && centre + _halfWidth < bufferEnd)
        {
            var windowStart = (int)(centre - _halfWidth + 1 - _bufferStart);
            output[count++] = ResamplerKernel.Dot(bank.Phase(phase), buffer.AsSpan(windowStart, _tapsPerPhase));
            next++;
            centre += _stepWhole;
            phase += _stepRest;
            if (phase >= _phases)
            {
                phase -= _phases;
                centre++;
            }
        }
        _windowCentre = centre;
        _phase = phase;
        _nextOutput = next;
        return count;
    }

    /// <summary>Moves the window of the next output to the front of the buffer, freeing the rest for new input.</summary>
    private void DropConsumedInput()
    {
        var keepFrom = _windowCentre - _halfWidth + 1;
        var drop = (int)(keepFrom - _bufferStart);
        if (drop <= 0) return;
        // The design makes the window wider than one output step, so the next window never starts past the data.
        Debug.Assert(drop <= _bufferCount);
        _buffer.AsSpan(drop, _bufferCount - drop).CopyTo(_buffer);
        _bufferCount -= drop;
        _bufferStart = keepFrom;
    }

    private static void RequireRoom(Span<float> output, long needed, string operation)
    {
        if (output.Length < needed)
            throw new ArgumentException(
                $"{operation} needs room for {needed} output samples but the output span holds {output.Length}; " +
                "size it with MaxOutputLength (Process) or MaxFlushLength (Flush).", nameof(output));
    }
}
