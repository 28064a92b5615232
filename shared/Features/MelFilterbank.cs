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

    /// <summary>Builds the filters of a valid configuration (validates it first).</summary>
    public MelFilterbank(FeatureConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
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

    /// <summary>melOut[m] = Σ_k weight[m, k] · spectrum[k].</summary>
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
            double sum = 0;
            for (int i = 0; i < weights.Length; i++) sum += weights[i] * bins[i];
            melOut[mel] = sum;
        }
    }
}
