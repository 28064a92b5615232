using EdgeSound.Shared.Features;
using EdgeSound.Shared.Tests.Support;
using Xunit;

namespace EdgeSound.Shared.Tests.Features;

public class StreamingLogMelExtractorTests
{
    /// <summary>Collects emitted frames, checking they arrive in order.</summary>
    private sealed class Collector
    {
        public readonly List<float[]> Frames = [];

        public void OnFrame(ReadOnlySpan<float> frame, long index)
        {
            Assert.Equal(Frames.Count, index);
            Frames.Add(frame.ToArray());
        }
    }

    private static List<float[]> Stream(StreamingLogMelExtractor extractor, float[] signal, Random chunkSizes, int maxChunk)
    {
        var collector = new Collector();
        FrameHandler handler = collector.OnFrame;
        int at = 0;
        while (at < signal.Length)
        {
            // Mostly small chunks, sometimes a single sample, sometimes more than a hop.
            int size = chunkSizes.Next(4) == 0 ? 1 : chunkSizes.Next(1, maxChunk + 1);
            size = Math.Min(size, signal.Length - at);
            extractor.Push(signal.AsSpan(at, size), handler);
            at += size;
        }
        extractor.Flush(handler);
        return collector.Frames;
    }

    public static TheoryData<bool, int, int> Cases => new()
    {
        { false, 320, 1 },
        { false, 320, 2 },
        { true, 320, 3 },
        { true, 320, 4 },
        { false, 1500, 5 }, // hop longer than the frame: samples between frames are skipped
        { true, 1500, 6 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Emits_frames_bit_identical_to_the_batch_extractor_for_random_chunk_sizes(bool center, int hop, int seed)
    {
        var config = FeatureConfig.Default with { Center = center, HopLength = hop };
        var signal = LogMelExtractorTests.RandomSignal(9001, seed);
        var batch = new LogMelExtractor(config).Extract(signal);

        var frames = Stream(new StreamingLogMelExtractor(config), signal, new Random(seed), maxChunk: 700);

        Assert.Equal(batch.FrameCount, frames.Count);
        for (int f = 0; f < frames.Count; f++)
            Assert.True(batch.Frame(f).SequenceEqual(frames[f]), $"frame {f} differs");
    }

    [Fact]
    public void Emits_each_frame_as_soon_as_its_last_sample_arrives()
    {
        var config = FeatureConfig.Default;
        var extractor = new StreamingLogMelExtractor(config);
        var collector = new Collector();
        var signal = LogMelExtractorTests.RandomSignal(config.FftSize + config.HopLength, seed: 9);

        extractor.Push(signal.AsSpan(0, config.FftSize - 1), collector.OnFrame);
        Assert.Empty(collector.Frames);
        extractor.Push(signal.AsSpan(config.FftSize - 1, 1), collector.OnFrame);
        Assert.Single(collector.Frames);
        extractor.Push(signal.AsSpan(config.FftSize, config.HopLength - 1), collector.OnFrame);
        Assert.Single(collector.Frames);
        extractor.Push(signal.AsSpan(config.FftSize + config.HopLength - 1, 1), collector.OnFrame);
        Assert.Equal(2, collector.Frames.Count);
    }

    [Fact]
    public void Flush_emits_the_frames_the_end_padding_completes_when_centered()
    {
        var config = FeatureConfig.Default with { Center = true };
        var extractor = new StreamingLogMelExtractor(config);
        var collector = new Collector();
        var signal = LogMelExtractorTests.RandomSignal(3200, seed: 12);

        extractor.Push(signal, collector.OnFrame);
        int beforeFlush = collector.Frames.Count;
        extractor.Flush(collector.OnFrame);

        // Frames starting (in padded coordinates) at k·320 end at k·320 + 1024 ≤ 3200 + 512 before the flush.
        Assert.Equal((3200 + 512 - 1024) / 320 + 1, beforeFlush);
        Assert.Equal(config.FrameCount(signal.Length), collector.Frames.Count);
        Assert.True(collector.Frames.Count > beforeFlush);
    }

    [Fact]
    public void Flush_without_samples_emits_nothing_and_push_after_flush_needs_a_reset()
    {
        var extractor = new StreamingLogMelExtractor(FeatureConfig.Default with { Center = true });
        var collector = new Collector();

        extractor.Flush(collector.OnFrame);

        Assert.Empty(collector.Frames);
        var error = Assert.Throws<InvalidOperationException>(() => extractor.Push(new float[10], collector.OnFrame));
        Assert.Contains("Reset()", error.Message);
    }

    [Fact]
    public void Reset_starts_a_new_stream_with_identical_output()
    {
        var config = FeatureConfig.Default with { Center = true };
        var extractor = new StreamingLogMelExtractor(config);
        var signal = LogMelExtractorTests.RandomSignal(4000, seed: 21);
        var first = Stream(extractor, signal, new Random(1), maxChunk: 500);

        extractor.Reset();
        var second = Stream(extractor, signal, new Random(2), maxChunk: 333);

        Assert.Equal(first.Count, second.Count);
        for (int f = 0; f < first.Count; f++) Assert.Equal(first[f], second[f]);
    }

    [Fact]
    public void Allocates_nothing_per_frame_in_steady_state()
    {
        var config = FeatureConfig.Default;
        var extractor = new StreamingLogMelExtractor(config);
        var signal = LogMelExtractorTests.RandomSignal(config.SampleRate * 2, seed: 4);
        long frames = 0;
        float checksum = 0;
        FrameHandler handler = (frame, _) => { frames++; checksum += frame[0]; };
        extractor.Push(signal.AsSpan(0, 4096), handler); // warm-up: JIT and first frames

        long allocated = Allocations.SteadyStateBytes(() =>
        {
            for (int at = 4096; at + 160 <= signal.Length; at += 160)
                extractor.Push(signal.AsSpan(at, 160), handler);
        });

        Assert.True(frames > 90, $"only {frames} frames were emitted");
        Assert.Equal(0, allocated);
        Assert.True(float.IsFinite(checksum));
    }
}
