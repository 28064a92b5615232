using System.Runtime;
using EdgeSound.Edge.Pipeline;
using EdgeSound.Edge.Sinks;
using EdgeSound.Shared.Models;
using EdgeSound.Shared.Smoothing;
using Xunit;

namespace EdgeSound.Edge.Tests.Pipeline;

/// <summary>Allocation counts would include other tests' work if they ran alongside.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PipelineMemoryCollection
{
    public const string Name = "Pipeline memory";
}

[Collection(PipelineMemoryCollection.Name)]
public sealed class PipelineMemoryTests
{
    private const int SourceRate = 48000;

    /// <summary>LiveStatus (48 B) and its LabelScore[2] (56 B), rounded up: the documented per-hop cost when a sink takes statuses.</summary>
    private const double StatusBytesPerHopBound = 128;

    /// <summary>What the process may allocate, all threads together, while a run is measured with collections suspended (the run needs a few kB).</summary>
    private const long NoCollectionBudgetBytes = 64L << 20;

    private static float[] RoomWithTone(double seconds)
    {
        var audio = TestSignals.Noise((int)(seconds * SourceRate), rms: 0.01f, seed: 9);
        TestSignals.AddTone(audio, SourceRate, 0, seconds, 700, 0.1f);
        return audio;
    }

    /// <summary>
    /// Bytes the pipeline thread allocates in Run, those the capture thread allocates between its
    /// first and last read, the windows classified, and the sinks of the measured run.
    /// </summary>
    private static (long ThreadBytes, long CaptureBytes, long Windows, IDetectionSink[] Sinks) MeasureRun(float[] audio, Func<IDetectionSink[]> sinks)
    {
        // A collection during the run retires threads' allocation contexts, and the counters then
        // show up to a few kB that nobody allocated (measured: every fifth run or so, at any length).
        // So collections are suspended while measuring; when something else in the process (another
        // test's leftovers) still forces one, that run says nothing and is measured again.
        for (int attempt = 1; ; attempt++)
        {
            var measured = sinks();
            using var source = new ArrayAudioSource(audio, SourceRate);
            // Below the threshold: no Detection records, so only the loop itself is measured.
            var classifier = new ConstantClassifier(TestModels.Metadata(InputKind.LogMel), 0.5f, 0.5f);
            var pipeline = new ListenPipeline(source, classifier, measured, new PipelineSettings { QueueSeconds = 60 });
            using var cancel = new CancellationTokenSource();
            // The run registers two callbacks on the token at once: the capture thread's stop link and,
            // whenever the pipeline waits for audio, its wake-up. A token allocates a node for each on
            // first use (80 B) and reuses it after; whether the pipeline ever waits depends on thread
            // timing, so two nodes are made here, before measuring, and the run only reuses them.
            using (cancel.Token.UnsafeRegister(static _ => { }, null))
                cancel.Token.UnsafeRegister(static _ => { }, null).Dispose();
            Assert.True(GC.TryStartNoGCRegion(NoCollectionBudgetBytes), "could not suspend collections");
            long thread = GC.GetAllocatedBytesForCurrentThread();
            var stats = pipeline.Run(cancel.Token);
            thread = GC.GetAllocatedBytesForCurrentThread() - thread;
            bool undisturbed = GCSettings.LatencyMode == GCLatencyMode.NoGCRegion;
            if (undisturbed) GC.EndNoGCRegion();
            Assert.Equal(0, stats.DroppedSamples);
            if (undisturbed) return (thread, source.ReaderBytes, stats.WindowsClassified, measured);
            Assert.True(attempt < 5, "a collection interrupted every one of 5 measured runs");
        }
    }

    [Fact]
    public void A_hop_allocates_nothing_at_steady_state()
    {
        MeasureRun(RoomWithTone(3), () => []); // warm-up: the JIT compiles the loop
        var shorter = MeasureRun(RoomWithTone(10), () => []);
        var longer = MeasureRun(RoomWithTone(40), () => []);

        long extraHops = longer.Windows - shorter.Windows;
        Assert.True(extraHops >= 55, $"only {extraHops} more hops");
        // The same fixed set-up in both runs (thread, cancellation link), so any difference is per hop.
        Assert.Equal(shorter.ThreadBytes, longer.ThreadBytes);
        // The capture thread: 40 s of audio (7.7 MB of floats) moves through without allocating.
        Assert.Equal(0, longer.CaptureBytes);
    }

    [Fact]
    public void A_sink_that_takes_statuses_costs_one_small_status_per_hop()
    {
        MeasureRun(RoomWithTone(3), () => [new DiscardingSink()]);
        var shorter = MeasureRun(RoomWithTone(10), () => [new DiscardingSink()]);
        var longer = MeasureRun(RoomWithTone(40), () => [new DiscardingSink()]);

        Assert.Equal(longer.Windows, ((DiscardingSink)longer.Sinks[0]).StatusCount);
        double bytesPerHop = (double)(longer.ThreadBytes - shorter.ThreadBytes) / (longer.Windows - shorter.Windows);
        Assert.InRange(bytesPerHop, 1, StatusBytesPerHopBound);
    }

    /// <summary>
    /// 20 ms of audio per 1-ms read (20x real time) into a 0.5-s queue; each window (0.5 s of audio,
    /// 25 ms at that pace) takes the classifier 40 ms, so the pipeline falls behind.
    /// </summary>
    private static ListenPipeline SlowPipeline(ArrayAudioSource source, LoudnessClassifier classifier, IDetectionSink sink) =>
        new(source, classifier, [sink], new PipelineSettings { QueueSeconds = 0.5 });

    private static ArrayAudioSource SlowSource(float[] audio) => new(audio, SourceRate) { ReadDelay = TimeSpan.FromMilliseconds(1) };

    private static LoudnessClassifier SlowClassifier() => new(TestModels.Metadata(InputKind.LogMel)) { Delay = TimeSpan.FromMilliseconds(40) };

    [Fact]
    public void A_slow_classifier_makes_the_queue_drop_old_audio_without_growing()
    {
        const double seconds = 13;
        var audio = RoomWithTone(seconds);
        using (var warmUp = SlowSource(audio[..SourceRate])) // first runs load types and compile
            SlowPipeline(warmUp, SlowClassifier(), new RecordingSink()).Run(CancellationToken.None);
        var classifier = SlowClassifier();
        var sink = new RecordingSink();
        using var source = SlowSource(audio);
        var pipeline = SlowPipeline(source, classifier, sink); // buffers are allocated here, once

        long before = GC.GetTotalAllocatedBytes(precise: true);
        var stats = pipeline.Run(CancellationToken.None);
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Equal(audio.Length, stats.SamplesCaptured);
        Assert.True(stats.DroppedSamples > 0, "the classifier was slow enough to make the queue drop audio");
        Assert.Equal(stats.SamplesCaptured, stats.SamplesProcessed + stats.DroppedSamples);
        Assert.True(stats.Gaps >= 1);
        Assert.Equal(seconds, stats.StreamSeconds, 1e-9);
        Assert.Equal(classifier.Calls, stats.WindowsClassified);
        // Statuses carry the drop count as it grows, and the stream time jumps over dropped audio.
        var dropCounts = sink.Statuses.Select(s => s.DroppedSamples).ToArray();
        Assert.Contains(dropCounts, count => count > 0);
        Assert.All(dropCounts.Zip(dropCounts.Skip(1)), pair => Assert.True(pair.Second >= pair.First, "a drop count went down"));
        Assert.InRange(dropCounts[^1], 1, stats.DroppedSamples);
        var ends = sink.Statuses.Select(s => s.StreamSeconds).ToArray();
        Assert.All(ends.Zip(ends.Skip(1)), pair => Assert.True(pair.Second > pair.First));
        Assert.Contains(ends.Zip(ends.Skip(1)), pair => pair.Second - pair.First > 0.5 + 1e-9);
        // 2.5 MB of audio went in; what was allocated (process-wide, so the test host's own work counts
        // too: 100-300 kB seen) stays far below one copy of the audio.
        Assert.InRange(allocated, 0, 1024 * 1024);
    }
}
