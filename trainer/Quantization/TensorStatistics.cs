namespace EdgeSound.Trainer.Quantization;

/// <summary>
/// What calibration remembers about one activation tensor, in bounded memory however many
/// windows are seen: its minimum, maximum and a histogram of |x| over [0, <see cref="HistogramRange"/>).
/// When a value beyond the range arrives the bin width doubles and neighbouring bins merge, so
/// earlier counts stay exact (bin edges stay aligned) and no value is ever stored.
/// </summary>
public sealed class TensorStatistics
{
    /// <summary>Histogram bins (TensorRT and ONNX Runtime use 2048 for entropy calibration).</summary>
    public const int DefaultBinCount = 2048;

    private readonly long[] _bins;
    private double _binWidth;

    /// <summary>Empty statistics with <paramref name="binCount"/> bins (a power of two, so merging halves evenly).</summary>
    public TensorStatistics(int binCount = DefaultBinCount)
    {
        if (binCount < 2 || (binCount & (binCount - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(binCount), binCount, "The bin count must be a power of two >= 2.");
        _bins = new long[binCount];
    }

    /// <summary>Smallest value seen (+inf before any).</summary>
    public float Min { get; private set; } = float.PositiveInfinity;

    /// <summary>Largest value seen (-inf before any).</summary>
    public float Max { get; private set; } = float.NegativeInfinity;

    /// <summary>Finite values seen.</summary>
    public long Count { get; private set; }

    /// <summary>Largest |x| seen.</summary>
    public float MaxAbs => Count == 0 ? 0f : Math.Max(Math.Abs(Min), Math.Abs(Max));

    /// <summary>Width of one bin (0 while every value seen was 0).</summary>
    public double BinWidth => _binWidth;

    /// <summary>Upper edge of the histogram.</summary>
    public double HistogramRange => _binWidth * _bins.Length;

    /// <summary>Counts of |x| per bin; bin i holds [i·BinWidth, (i+1)·BinWidth).</summary>
    public ReadOnlySpan<long> Bins => _bins;

    /// <summary>Adds a batch of values; NaN and infinities are ignored (they have no range to cover).</summary>
    public void Add(ReadOnlySpan<float> values)
    {
        float min = Min, max = Max;
        float batchMaxAbs = 0;
        foreach (var v in values)
        {
            if (!float.IsFinite(v)) continue;
            if (v < min) min = v;
            if (v > max) max = v;
            float a = Math.Abs(v);
            if (a > batchMaxAbs) batchMaxAbs = a;
        }
        Min = min;
        Max = max;
        Grow(batchMaxAbs);

        long added = 0;
        int last = _bins.Length - 1;
        double inverseWidth = _binWidth > 0 ? 1.0 / _binWidth : 0;
        foreach (var v in values)
        {
            if (!float.IsFinite(v)) continue;
            int bin = (int)(Math.Abs(v) * inverseWidth);
            _bins[bin > last ? last : bin]++;
            added++;
        }
        Count += added;
    }

    /// <summary>The smallest t such that at least <paramref name="percent"/>% of the |x| seen are below t (a bin edge).</summary>
    public double AbsPercentile(double percent)
    {
        if (percent is <= 0 or > 100) throw new ArgumentOutOfRangeException(nameof(percent), percent, "A percentile lies in (0, 100].");
        if (Count == 0 || _binWidth == 0) return 0;
        long target = (long)Math.Ceiling(percent / 100.0 * Count);
        long cumulative = 0;
        for (int i = 0; i < _bins.Length; i++)
        {
            cumulative += _bins[i];
            if (cumulative >= target) return Math.Min((i + 1) * _binWidth, MaxAbs);
        }
        return MaxAbs;
    }

    private void Grow(float maxAbs)
    {
        if (maxAbs <= 0) return;
        if (_binWidth == 0)
        {
            // First non-zero value: size the histogram to it (zeros seen so far are in bin 0 either way).
            _binWidth = maxAbs / _bins.Length * 1.0000001;
            return;
        }
        while (maxAbs >= HistogramRange)
        {
            int half = _bins.Length / 2;
            for (int i = 0; i < half; i++) _bins[i] = _bins[2 * i] + _bins[2 * i + 1];
            Array.Clear(_bins, half, half);
            _binWidth *= 2;
        }
    }
}
