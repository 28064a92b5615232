using BenchmarkDotNet.Attributes;
using EdgeSound.Shared.Dsp;
using EdgeSound.Shared.Features;
using TorchSharp;
using static TorchSharp.torch;

namespace EdgeSound.Benchmarks;

/// <summary>
/// One 5-s 44.1 kHz clip to log-mel with the default FeatureConfig, one thread: the shared pipeline
/// (resample + STFT + mel + log, and the feature part alone) against TorchSharp's own torch.stft +
/// mel matmul + log on CPU (same window, hop, mel matrix and floor; TorchSharp has no resampler, so
/// it gets the already-resampled 16 kHz signal and is compared with our feature-only figure).
/// </summary>
[MemoryDiagnoser]
public class FeatureBenchmarks
{
    private FeatureConfig _config = FeatureConfig.Default;
    private float[] _clip44k = [];
    private float[] _clip16k = [];
    private Resampler _resampler = null!;
    private LogMelExtractor _extractor = null!;
    private Tensor _signal = null!, _window = null!, _melMatrix = null!;

    [GlobalSetup]
    public void Setup()
    {
        _clip44k = BenchmarkClip.Load(out _);
        _resampler = new Resampler(BenchmarkClip.SourceRate, _config.SampleRate);
        _clip16k = _resampler.Process(_clip44k);
        _extractor = new LogMelExtractor(_config);

        torch.set_num_threads(1);
        _signal = torch.tensor(_clip16k);
        _window = torch.hann_window(_config.WindowLength, periodic: true);
        var filterbank = new MelFilterbank(_config);
        var weights = new float[_config.MelCount * filterbank.BinCount];
        for (int m = 0; m < _config.MelCount; m++)
        {
            var w = filterbank.Weights(m);
            for (int k = 0; k < w.Length; k++) weights[m * filterbank.BinCount + filterbank.FirstBin(m) + k] = (float)w[k];
        }
        _melMatrix = torch.tensor(weights, [_config.MelCount, filterbank.BinCount]);
    }

    [Benchmark(Baseline = true, Description = "EdgeSound: resample 44.1k->16k + log-mel")]
    public int SharedResampleAndLogMel() => _extractor.Extract(_resampler.Process(_clip44k)).FrameCount;

    [Benchmark(Description = "EdgeSound: log-mel of the 16 kHz signal")]
    public int SharedLogMel() => _extractor.Extract(_clip16k).FrameCount;

    [Benchmark(Description = "TorchSharp: torch.stft + mel matmul + log (16 kHz signal)")]
    public long TorchSharpLogMel()
    {
        using var scope = torch.NewDisposeScope();
        var spec = torch.stft(_signal, _config.FftSize, _config.HopLength, _config.WindowLength, _window, center: false, return_complex: true);
        var power = spec.abs().pow(2);
        var mel = _melMatrix.matmul(power).clamp_min(_config.LogFloor).log();
        return mel.shape[1];
    }
}
