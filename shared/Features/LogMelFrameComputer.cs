using EdgeSound.Shared.Dsp;

namespace EdgeSound.Shared.Features;

/// <summary>
/// The per-frame work shared by the batch and streaming extractors: window, FFT, power (or
/// magnitude), mel filterbank, log. Because both extractors call this one class on the same frame
/// samples, their outputs are bit-identical. Buffers are allocated once; not thread-safe.
/// </summary>
public sealed class LogMelFrameComputer
{
    private readonly double[] _window;
    private readonly double[] _spectrum;
    private readonly double[] _mel;
    private readonly Fft _fft;
    private readonly MelFilterbank _filterbank;
    private readonly bool _magnitude;
    private readonly double _logFloor;

    /// <summary>Prepares the frame pipeline of a valid <paramref name="config"/> (validates it).</summary>
    public LogMelFrameComputer(FeatureConfig config) : this(config, SimdWidths.Best) { }

    /// <summary>As <see cref="LogMelFrameComputer(FeatureConfig)"/> with a chosen SIMD width (tests compare the widths).</summary>
    internal LogMelFrameComputer(FeatureConfig config, SimdWidth width)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        _window = AnalysisWindow.Create(config.Window, config.WindowLength, config.FftSize);
        _spectrum = new double[config.BinCount];
        _mel = new double[config.MelCount];
        _fft = new Fft(config.FftSize, width);
        _filterbank = new MelFilterbank(config, width);
        _magnitude = config.Power == 1.0;
        _logFloor = config.LogFloor;
    }

    /// <summary>The configuration this computer implements.</summary>
    public FeatureConfig Config { get; }

    /// <summary>Samples per frame (FftSize).</summary>
    public int FrameLength => _window.Length;

    /// <summary>Bands per output frame (MelCount).</summary>
    public int MelCount => _mel.Length;

    /// <summary>
    /// Log-mel of one frame: <paramref name="frameSamples"/> is exactly <see cref="FrameLength"/>
    /// samples; <paramref name="melOut"/> receives <see cref="MelCount"/> values ln(max(mel, LogFloor)).
    /// </summary>
    public void Compute(ReadOnlySpan<float> frameSamples, Span<float> melOut)
    {
        if (frameSamples.Length != FrameLength)
            throw new ArgumentException($"A frame must hold exactly {FrameLength} samples, got {frameSamples.Length}.", nameof(frameSamples));
        if (melOut.Length < MelCount)
            throw new ArgumentException($"Mel output needs {MelCount} elements, got {melOut.Length}.", nameof(melOut));

        _fft.PowerSpectrum(frameSamples, _window, _spectrum); // windows while packing: one pass fewer
        if (_magnitude)
            for (int k = 0; k < _spectrum.Length; k++) _spectrum[k] = Math.Sqrt(_spectrum[k]);
        _filterbank.Apply(_spectrum, _mel);
        for (int m = 0; m < _mel.Length; m++)
            melOut[m] = (float)Math.Log(Math.Max(_mel[m], _logFloor));
    }
}
