using EdgeSound.Edge.Pipeline;
using EdgeSound.Edge.Sinks;
using EdgeSound.Shared.Features;
using EdgeSound.Shared.Inference;
using EdgeSound.Shared.Models;
using EdgeSound.Shared.Smoothing;
using EdgeSound.Shared.Tests.Support;
using Xunit;

namespace EdgeSound.Edge.Tests.Pipeline;

public sealed class ListenPipelineTests
{
    private const int SourceRate = 48000;
    private const double Seconds = 13;
    private static readonly double[] BurstStarts = [2.0, 6.0, 10.0];
    private const double BurstSeconds = 1.5;
    private const float ToneAmplitude = 0.3f; // RMS 0.212 = -13.5 dBFS

    /// <summary>A quiet room (-70 dBFS noise) with three 1.5-s bursts of a 1 kHz tone, at 48 kHz.</summary>
    private static float[] Bursts()
    {
        var audio = TestSignals.Noise((int)(Seconds * SourceRate), rms: 3.16e-4f, seed: 5);
        foreach (var start in BurstStarts)
            TestSignals.AddTone(audio, SourceRate, start, start + BurstSeconds, 1000, ToneAmplitude);
        return audio;
    }

    /// <summary>Windows of 50 frames (1.044 s) every 25 frames (0.5 s) over <paramref name="modelSamples"/> samples at 16 kHz.</summary>
    private static int ExpectedWindows(long modelSamples, int windowFrames = 50, int hopFrames = 25) =>
        (FeatureConfig.Default.FrameCount((int)modelSamples) - windowFrames) / hopFrames + 1;

    private static PipelineStats Run(IWindowClassifier classifier, float[] audio, IReadOnlyList<IDetectionSink> sinks,
        PipelineSettings? settings = null, CancellationToken cancellation = default)
    {
        using var source = new ArrayAudioSource(audio, SourceRate);
        var pipeline = new ListenPipeline(source, classifier, sinks,
            settings ?? new PipelineSettings { QueueSeconds = Seconds + 1 }, new FixedClock(DateTimeOffset.UnixEpoch));
        return pipeline.Run(cancellation);
    }

    [Theory]
    [InlineData(InputKind.LogMel)]
    [InlineData(InputKind.Waveform)]
    public void Detects_each_tone_burst_once_at_its_stream_time_and_nothing_in_the_quiet(InputKind kind)
    {
        var sink = new RecordingSink();
        var classifier = new LoudnessClassifier(TestModels.Metadata(kind));

        // Only "tone" is of interest: windows half tone, half room are loud enough to report "other".
        var settings = new PipelineSettings { QueueSeconds = Seconds + 1, Smoother = new SmootherSettings { AllowedLabels = ["tone"] } };

        var stats = Run(classifier, Bursts(), [sink], settings);

        // Windows span 1.044 s every 0.5 s. The first one touching a burst (starting 1 s before it)
        // holds 44 ms of tone: loud enough to pass the -55 dBFS gate, nearly all "other", and by
        // default it may not report alone. The next is about half tone: the average of the two, about
        // (0.05 + 0.5) / 2, stays under 0.6. The window starting with the burst (all tone) lifts the
        // average of the last two to about 0.75: that window reports. Hold-off and the quiet after the
        // burst (below -55 dBFS, which empties the average) keep it to one event per burst.
        Assert.Equal(BurstStarts.Length, sink.Detections.Count);
        for (int i = 0; i < BurstStarts.Length; i++)
        {
            var detection = sink.Detections[i];
            Assert.Equal("tone", detection.Label);
            Assert.Equal(BurstStarts[i], detection.StartSeconds, 1e-9); // the window starting with the burst
            Assert.Equal(BurstStarts[i] + FeatureConfig.Default.SamplesForFrames(50) / 16000.0, detection.EndSeconds, 1e-9);
            // The window lies wholly inside the 1.5-s burst: its level is the tone's mean square.
            Assert.True(detection.EndSeconds <= BurstStarts[i] + BurstSeconds);
            Assert.Equal(10 * Math.Log10(ToneAmplitude * ToneAmplitude / 2), detection.LevelDbfs, 0.02);
            Assert.InRange(detection.Confidence, 0.6f, 1f);
            Assert.Equal(DateTimeOffset.UnixEpoch, detection.Time);
        }
        Assert.Equal(3, stats.Detections);
    }

    [Fact]
    public void Counts_samples_and_windows_and_reports_a_status_after_every_window()
    {
        var sink = new RecordingSink();
        var audio = Bursts();

        var stats = Run(new LoudnessClassifier(TestModels.Metadata(InputKind.LogMel)), audio, [sink]);

        long modelSamples = (long)(Seconds * 16000); // 48 kHz -> 16 kHz is exactly a third
        Assert.Equal(audio.Length, stats.SamplesCaptured);
        Assert.Equal(audio.Length, stats.SamplesProcessed);
        Assert.Equal(0, stats.DroppedSamples);
        Assert.Equal(0, stats.Gaps);
        Assert.Equal(ExpectedWindows(modelSamples), stats.WindowsClassified);
        Assert.Equal(Seconds, stats.StreamSeconds, 1e-9);
        Assert.False(stats.Cancelled);
        Assert.Equal(stats.WindowsClassified, sink.Statuses.Count);
        // Status k is after the window starting at k hops: its end in stream seconds.
        double span = FeatureConfig.Default.SamplesForFrames(50) / 16000.0;
        Assert.Equal(Enumerable.Range(0, sink.Statuses.Count).Select(k => k * 0.5 + span), sink.Statuses.Select(s => s.StreamSeconds),
            new ToleranceComparer(1e-9));
        Assert.All(sink.Statuses.Where(s => s.Top.Count > 0), s => Assert.Equal(2, s.Top.Count));
        Assert.Contains(sink.Statuses, s => s.Top.Count == 0); // quiet windows: nothing heard
    }

    [Fact]
    public void A_users_hop_replaces_the_models_hop()
    {
        var sink = new RecordingSink();
        var settings = new PipelineSettings { HopSeconds = 0.3, QueueSeconds = Seconds + 1 };

        var stats = Run(new LoudnessClassifier(TestModels.Metadata(InputKind.LogMel)), Bursts(), [sink], settings);

        Assert.Equal(ExpectedWindows((long)(Seconds * 16000), hopFrames: 15), stats.WindowsClassified);
        var ends = sink.Statuses.Select(s => s.StreamSeconds).ToArray();
        Assert.All(ends.Zip(ends.Skip(1)), pair => Assert.Equal(0.3, pair.Second - pair.First, 1e-9));
    }

    [Theory]
    [InlineData(0.6, "at most 0.5 s")]
    [InlineData(0.0, "more than 0")]
    [InlineData(0.005, "shorter than one feature frame")]
    public void Refuses_a_hop_it_cannot_use(double hopSeconds, string expected)
    {
        using var source = new ArrayAudioSource([], SourceRate);
        var classifier = new ConstantClassifier(TestModels.Metadata(InputKind.LogMel), 0.5f, 0.5f);

        var error = Assert.Throws<ArgumentException>(() =>
            new ListenPipeline(source, classifier, [], new PipelineSettings { HopSeconds = hopSeconds }));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Without_a_hop_setting_the_models_hop_is_used()
    {
        using var source = new ArrayAudioSource([], SourceRate);
        var classifier = new ConstantClassifier(TestModels.Metadata(InputKind.LogMel, hopFrames: 7), 0.5f, 0.5f);

        Assert.Equal(7, new ListenPipeline(source, classifier, [], new PipelineSettings()).HopFrames);
    }

    [Fact]
    public void A_models_hop_longer_than_half_a_second_is_cut_to_the_most_whole_frames_within_it()
    {
        using var source = new ArrayAudioSource([], SourceRate);
        // 40 frames of 20 ms = 0.8 s; the longest hop allowed, 0.5 s, is 25 frames.
        var classifier = new ConstantClassifier(TestModels.Metadata(InputKind.LogMel, windowFrames: 60, hopFrames: 40), 0.5f, 0.5f);

        Assert.Equal(25, new ListenPipeline(source, classifier, [], new PipelineSettings()).HopFrames);
    }

    [Fact]
    public void Cancellation_stops_a_live_source_and_returns_the_stats_so_far()
    {
        var audio = Bursts()[..(3 * SourceRate)];
        using var source = new ArrayAudioSource(audio, SourceRate) { StayOpen = true };
        var pipeline = new ListenPipeline(source, new LoudnessClassifier(TestModels.Metadata(InputKind.LogMel)), [], new PipelineSettings { QueueSeconds = 4 });
        // The pipeline cannot be watched from outside while it runs, so the stop comes on a clock: late
        // enough that 3 s of 48-kHz audio is through (tens of ms when warm) even with a cold JIT on a busy machine.
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(5));

        var stats = pipeline.Run(cancel.Token);

        Assert.True(stats.Cancelled);
        Assert.Equal(audio.Length, stats.SamplesCaptured);
        Assert.Equal(audio.Length, stats.SamplesProcessed); // everything the source gave before it went quiet
        Assert.True(stats.WindowsClassified > 0);
        Assert.False(stats.ReaderAbandoned); // the live source honoured the cancellation: nothing left reading
    }

    [Fact]
    public void A_source_failure_reaches_the_caller()
    {
        using var source = new ArrayAudioSource(Bursts()[..SourceRate], SourceRate) { FailAtEnd = new IOException("capture device vanished") };
        var pipeline = new ListenPipeline(source, new LoudnessClassifier(TestModels.Metadata(InputKind.LogMel)), [], new PipelineSettings());

        var error = Assert.Throws<IOException>(() => pipeline.Run(CancellationToken.None));

        Assert.Equal("capture device vanished", error.Message);
    }

    [Fact]
    public void A_source_faster_than_real_time_with_wait_when_behind_loses_nothing_under_a_slow_classifier()
    {
        var audio = Bursts();
        using var source = new ArrayAudioSource(audio, SourceRate);
        var classifier = new LoudnessClassifier(TestModels.Metadata(InputKind.LogMel)) { Delay = TimeSpan.FromMilliseconds(2) };
        // A queue of 0.2 s would overflow many times over at this pace if it dropped.
        var pipeline = new ListenPipeline(source, classifier, [], new PipelineSettings { QueueSeconds = 0.2, WaitWhenBehind = true });

        var stats = pipeline.Run(CancellationToken.None);

        Assert.Equal(0, stats.DroppedSamples);
        Assert.Equal(0, stats.Gaps);
        Assert.Equal(audio.Length, stats.SamplesProcessed);
        Assert.Equal(ExpectedWindows((long)(Seconds * 16000)), stats.WindowsClassified);
    }

    [Fact]
    public void A_duration_stops_listening_after_that_much_audio()
    {
        var stats = Run(new LoudnessClassifier(TestModels.Metadata(InputKind.LogMel)), Bursts(), [],
            new PipelineSettings { QueueSeconds = Seconds + 1, MaxSeconds = 3 });

        Assert.Equal(3 * SourceRate, stats.SamplesProcessed);
        Assert.Equal(3.0, stats.StreamSeconds, 1e-9);
        Assert.Equal(ExpectedWindows(3 * 16000), stats.WindowsClassified);
    }

    [Fact]
    public void Runs_only_once()
    {
        using var source = new ArrayAudioSource(new float[1000], SourceRate);
        var pipeline = new ListenPipeline(source, new ConstantClassifier(TestModels.Metadata(InputKind.LogMel), 0.5f, 0.5f), [], new PipelineSettings());
        pipeline.Run(CancellationToken.None);

        Assert.Throws<InvalidOperationException>(() => pipeline.Run(CancellationToken.None));
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(double value) => 0;
    }
}
