using BenchmarkDotNet.Attributes;
using EdgeSound.Shared.Features;

namespace EdgeSound.Benchmarks;

/// <summary>
/// The device's steady state: 1 s of 16 kHz audio pushed in 10-ms chunks through the streaming
/// extractor (50 frames). BenchmarkDotNet's allocation column divided by 50 is bytes per frame.
/// </summary>
[MemoryDiagnoser]
public class StreamingBenchmarks
{
    public const int FramesPerOp = 50;
    private readonly float[] _second = new float[16000];
    private StreamingLogMelExtractor _extractor = null!;
    private FrameHandler _onFrame = null!; // made once: a method group passed per call would allocate a delegate each time
    private long _frames;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(3);
        for (int i = 0; i < _second.Length; i++) _second[i] = (float)(random.NextDouble() * 2 - 1) * 0.3f;
        _extractor = new StreamingLogMelExtractor(FeatureConfig.Default);
        _onFrame = OnFrame;
        _extractor.Push(_second, _onFrame); // fill the analysis buffer once: what follows is steady state
    }

    [Benchmark(Description = "Streaming log-mel: 1 s in 160-sample chunks (50 frames)")]
    public long PushOneSecond()
    {
        for (int i = 0; i < _second.Length; i += 160) _extractor.Push(_second.AsSpan(i, 160), _onFrame);
        return _frames;
    }

    private void OnFrame(ReadOnlySpan<float> frame, long index) => _frames = index;
}
