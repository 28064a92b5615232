using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using EdgeSound.Shared.Dsp;

namespace EdgeSound.Shared.Features;

/// <summary>
/// Triangular mel filters over the FFT bins of a <see cref="FeatureConfig"/>. Only each filter's
/// nonzero bins are stored, so applying the bank costs about two multiply-adds per bin.
/// </summary>
public sealed class MelFilterbank
{
    private readonly double[] _edgesHz;
    private readonly int[] _firstBin;   // per filter: first bin with nonzero weight
    private readonly int[] _offset;     // per filter: start of its weights in _weights; _offset[MelCount] = total
    private readonly double[] _weights;
    private readonly SimdWidth _width;

    /// <summary>Builds the filters of a valid configuration (validates it first).</summary>
    public MelFilterbank(FeatureConfig config) : this(config, SimdWidths.Best) { }

    /// <summary>As <see cref="MelFilterbank(FeatureConfig)"/> with a chosen SIMD width (tests compare the widths).</summary>
    internal MelFilterbank(FeatureConfig config, SimdWidth width)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        _width = width;
        MelCount = config.MelCount;
        BinCount = config.BinCount;
        _edgesHz = MelFrequency.BandEdgesHz(config.MelCount, config.FMin, config.FMax, config.MelScale);

        double binHz = (double)config.SampleRate / config.FftSize;
        _firstBin = new int[MelCount];
        _offset = new int[MelCount + 1];
        var weights = new List<double>();
        for (int mel = 0; mel < MelCount; mel++)
        {
            double lower = _edgesHz[mel], centre = _edgesHz[mel + 1], upper = _edgesHz[mel + 2];
            double scale = config.MelNorm == MelNorm.Slaney ? 2.0 / (upper - lower) : 1.0;
            _offset[mel] = weights.Count;
            _firstBin[mel] = -1;
            for (int bin = 0; bin < BinCount; bin++)
            {
                double hz = bin * binHz;
                double rising = (hz - lower) / (centre - lower);
                double falling = (upper - hz) / (upper - centre);
                double weight = Math.Max(0.0, Math.Min(rising, falling));
                if (weight <= 0) continue;
                if (_firstBin[mel] < 0) _firstBin[mel] = bin;
                weights.Add(weight * scale);
            }
            // Validate() guarantees at least one bin inside every triangle.
        }
        _offset[MelCount] = weights.Count;
        _weights = weights.ToArray();
    }

    /// <summary>Number of filters.</summary>
    public int MelCount { get; }

    /// <summary>Number of FFT bins the filters read (FftSize / 2 + 1).</summary>
    public int BinCount { get; }

    /// <summary>Lower edge, in Hz, of filter <paramref name="mel"/> (its weight is 0 there).</summary>
    public double LowerHz(int mel) => _edgesHz[mel];

    /// <summary>Centre, in Hz, of filter <paramref name="mel"/> (the apex of its triangle).</summary>
    public double CentreHz(int mel) => _edgesHz[mel + 1];

    /// <summary>Upper edge, in Hz, of filter <paramref name="mel"/> (its weight is 0 there).</summary>
    public double UpperHz(int mel) => _edgesHz[mel + 2];

    /// <summary>First FFT bin where filter <paramref name="mel"/> is nonzero.</summary>
    public int FirstBin(int mel) => _firstBin[mel];

    /// <summary>The nonzero weights of filter <paramref name="mel"/>, for bins FirstBin(mel) onwards.</summary>
    public ReadOnlySpan<double> Weights(int mel) => _weights.AsSpan(_offset[mel], _offset[mel + 1] - _offset[mel]);

    /// <summary>
    /// melOut[m] = Σ_k weight[m, k] · spectrum[k]. The sum runs in four interleaved partial sums
    /// (term i goes to sum i mod 4), added as (s0 + s1) + (s2 + s3), then the terms past the last full
    /// group of four in order: one fixed order that the scalar, 2-wide and 4-wide paths all follow,
    /// so every machine gets the same bits.
    /// </summary>
    public void Apply(ReadOnlySpan<double> spectrum, Span<double> melOut)
    {
        if (spectrum.Length < BinCount)
            throw new ArgumentException($"Spectrum needs {BinCount} bins, got {spectrum.Length}.", nameof(spectrum));
        if (melOut.Length < MelCount)
            throw new ArgumentException($"Mel output needs {MelCount} elements, got {melOut.Length}.", nameof(melOut));
        for (int mel = 0; mel < MelCount; mel++)
        {
            var weights = Weights(mel);
            var bins = spectrum.Slice(_firstBin[mel], weights.Length);
            melOut[mel] = _width switch
            {
                SimdWidth.Vector256 => Dot256(weights, bins),
                SimdWidth.Vector128 => Dot128(weights, bins),
                _ => DotScalar(weights, bins),
            };
        }
    }

    private static double DotScalar(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 4 <= a.Length; i += 4)
        {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        return AddTail((s0 + s1) + (s2 + s3), a, b, i);
    }

    private static double Dot128(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        ref double x = ref MemoryMarshal.GetReference(a);
        ref double y = ref MemoryMarshal.GetReference(b);
        Vector128<double> low = Vector128<double>.Zero, high = Vector128<double>.Zero; // lanes 0-1 and 2-3
        int i = 0;
        for (; i + 4 <= a.Length; i += 4)
        {
            low += Vector128.LoadUnsafe(ref x, (nuint)i) * Vector128.LoadUnsafe(ref y, (nuint)i);
            high += Vector128.LoadUnsafe(ref x, (nuint)i + 2) * Vector128.LoadUnsafe(ref y, (nuint)i + 2);
        }
        return AddTail((low.GetElement(0) + low.GetElement(1)) + (high.GetElement(0) + high.GetElement(1)), a, b, i);
    }

    private static double Dot256(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        ref double x = ref MemoryMarshal.GetReference(a);
        ref double y = ref MemoryMarshal.GetReference(b);
        var sums = Vector256<double>.Zero;
        int i = 0;
        for (; i + 4 <= a.Length; i += 4)
            sums += Vector256.LoadUnsafe(ref x, (nuint)i) * Vector256.LoadUnsafe(ref y, (nuint)i);
        return AddTail((sums.GetElement(0) + sums.GetElement(1)) + (sums.GetElement(2) + sums.GetElement(3)), a, b, i);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double AddTail(double sum, ReadOnlySpan<double> a, ReadOnlySpan<double> b, int from)
    {
        for (int i = from; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }
}
