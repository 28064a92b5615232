using System.Collections.Concurrent;

namespace EdgeSound.Shared.Dsp;

/// <summary>
/// A rational polyphase Kaiser-windowed-sinc resampler design from one sample rate to another.
/// The rates reduce by their GCD to L/M (up by L, down by M); the filter bank is built once and never
/// changes, so one instance can be shared by any number of threads and streams.
/// </summary>
/// <remarks>
/// Stop band ≥ 80 dB from the lower of the two Nyquist frequencies up; pass band flat within 0.1 dB up to
/// 0.9 × that Nyquist. Output sample k is the band-limited input at input time k × inputRate / outputRate
/// (the filter delay is compensated); input outside the signal is taken as zero.
/// </remarks>
public sealed class Resampler
{
    /// <summary>The most filter phases (L) a design may have; more means the rates have no simple ratio.</summary>
    public const int MaxPhases = 2048;

    /// <summary>The most taps a filter bank may hold (L × taps per phase), 8 MB of floats.</summary>
    public const long MaxFilterBankTaps = 1 << 21;

    // Designs are immutable, so sharing them is safe; the bound keeps odd callers from growing it forever.
    private const int MaxCachedDesigns = 128;
    private static readonly ConcurrentDictionary<(int Input, int Output), Resampler> Designs = new();

    private readonly ResamplerFilterBank? _bank;

    /// <summary>Designs a resampler from <paramref name="inputRate"/> to <paramref name="outputRate"/> (Hz).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A rate is zero or negative.</exception>
    /// <exception cref="ArgumentException">The ratio needs a filter bank larger than the limits.</exception>
    public Resampler(int inputRate, int outputRate)
    {
        RequirePositive(inputRate, nameof(inputRate), "Input");
        RequirePositive(outputRate, nameof(outputRate), "Output");
        InputRate = inputRate;
        OutputRate = outputRate;
        var divisor = GreatestCommonDivisor(inputRate, outputRate);
        UpFactor = outputRate / divisor;
        DownFactor = inputRate / divisor;
        if (IsIdentity) return;

        if (UpFactor > MaxPhases)
            throw new ArgumentException(
                $"Cannot resample {inputRate} Hz to {outputRate} Hz: the ratio reduces to {UpFactor}/{DownFactor}, " +
                $"which needs {UpFactor} filter phases (at most {MaxPhases}). Use rates with a simpler ratio, " +
                "such as 8000, 11025, 16000, 22050, 32000, 44100, 48000, 88200 or 96000 Hz.", nameof(outputRate));
        var halfWidth = ResamplerFilterBank.HalfWidthFor(inputRate, outputRate, UpFactor, DownFactor);
        var bankTaps = (long)UpFactor * 2 * halfWidth;
        if (bankTaps > MaxFilterBankTaps)
            throw new ArgumentException(
                $"Cannot resample {inputRate} Hz to {outputRate} Hz: the filter bank would need {bankTaps} taps " +
                $"(at most {MaxFilterBankTaps}). Resample in two stages or choose closer rates.", nameof(outputRate));
        _bank = ResamplerFilterBank.Design(inputRate, outputRate, UpFactor, DownFactor);
    }

    /// <summary>The input sample rate in Hz.</summary>
    public int InputRate { get; }

    /// <summary>The output sample rate in Hz.</summary>
    public int OutputRate { get; }

    /// <summary>L: the output rate divided by the GCD of the rates.</summary>
    public int UpFactor { get; }

    /// <summary>M: the input rate divided by the GCD of the rates.</summary>
    public int DownFactor { get; }

    /// <summary>True when the rates are equal and resampling is an exact copy.</summary>
    public bool IsIdentity => UpFactor == DownFactor;

    /// <summary>Taps per output sample (0 for an identity copy): the cost of one output in multiply-adds.</summary>
    public int TapsPerPhase => _bank?.TapsPerPhase ?? 0;

    /// <summary>The filter bank; null for an identity copy.</summary>
    internal ResamplerFilterBank? Bank => _bank;

    /// <summary>
    /// A shared design for these rates: built on first use, then reused. Same validation as the constructor.
    /// </summary>
    public static Resampler ForRates(int inputRate, int outputRate)
    {
        if (Designs.TryGetValue((inputRate, outputRate), out var cached)) return cached;
        var design = new Resampler(inputRate, outputRate);
        return Designs.Count < MaxCachedDesigns ? Designs.GetOrAdd((inputRate, outputRate), design) : design;
    }

    /// <summary>
    /// Resamples a whole signal in one call: ceil(N × outputRate / inputRate) samples.
    /// Uses a cached design per rate pair.
    /// </summary>
    public static float[] Resample(ReadOnlySpan<float> input, int inputRate, int outputRate) =>
        ForRates(inputRate, outputRate).Process(input);

    /// <summary>The one-shot output length for <paramref name="inputLength"/> input samples: ceil(N × L / M).</summary>
    public int OutputLength(int inputLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputLength);
        return checked((int)CeilingScale(inputLength));
    }

    /// <summary>Resamples a whole signal: ceil(N × L / M) samples, with the input's end treated as zeros.</summary>
    public float[] Process(ReadOnlySpan<float> input)
    {
        if (IsIdentity) return input.ToArray();
        // The stream does the work so one-shot and streaming outputs are the same by construction.
        var output = new float[OutputLength(input.Length)];
        var stream = new StreamingResampler(this);
        var written = stream.Process(input, output);
        written += stream.Flush(output.AsSpan(written));
        System.Diagnostics.Debug.Assert(written == output.Length);
        return output;
    }

    /// <summary>ceil(count × L / M) without overflow for any non-negative stream length that fits a long.</summary>
    internal long CeilingScale(long count)
    {
        if (count <= 0) return 0;
        var whole = count / DownFactor;
        var rest = count % DownFactor;
        return whole * UpFactor + (rest * UpFactor + DownFactor - 1) / DownFactor;
    }

    private static void RequirePositive(int rate, string parameter, string which)
    {
        if (rate <= 0)
            throw new ArgumentOutOfRangeException(parameter, rate,
                $"{which} sample rate must be a positive number of samples per second, got {rate} Hz.");
    }

    private static int GreatestCommonDivisor(int a, int b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }
}
