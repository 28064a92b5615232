using EdgeSound.Edge.Pipeline;
using EdgeSound.Shared.Audio;
using EdgeSound.Shared.Features;
using EdgeSound.Shared.Models;
using EdgeSound.Shared.Tests.Support;
using Xunit;

namespace EdgeSound.Edge.Tests.Pipeline;

public sealed class FeatureWindowTests
{
    private const int WindowFrames = 40, HopFrames = 15, MaxChunk = 2048;
    private static readonly FeatureConfig Features = FeatureConfig.Default;

    /// <summary>3 s of noise with a rising chirp and a pause at 16 kHz: every frame differs.</summary>
    private static float[] Audio()
    {
        var audio = TestSignals.Noise(48000, 0.02f, seed: 7);
        for (int i = 0; i < audio.Length; i++)
        {
            double t = i / 16000.0;
            if (t is > 1.2 and < 1.6) continue;
            audio[i] += 0.3f * (float)Math.Sin(2 * Math.PI * (200 * t + 600 * t * t));
        }
        return audio;
    }

    /// <summary>Streams <paramref name="audio"/> in irregular chunks; returns each due window's (start sample, input, level).</summary>
    private static List<(long Start, float[] Input, double Level)> Stream(float[] audio, InputKind kind, int seed = 3)
    {
        var window = new FeatureWindow(Features, WindowFrames, HopFrames, kind, MaxChunk);
        var extractor = new StreamingLogMelExtractor(Features);
        var windows = new List<(long, float[], double)>();
        var random = new Random(seed);
        for (int at = 0; at < audio.Length;)
        {
            int length = Math.Min(random.Next(1, MaxChunk + 1), audio.Length - at);
            var chunk = audio.AsSpan(at, length);
            window.AppendSamples(chunk);
            extractor.Push(chunk, (frame, index) =>
            {
                if (!window.AddFrame(frame, index)) return;
                var input = new float[window.InputLength];
                window.WriteInput(input);
                windows.Add((window.StartSample, input, window.LevelDbfs));
            });
            at += length;
        }
        return windows;
    }

    [Fact]
    public void Log_mel_windows_equal_the_batch_features_of_the_same_samples_bit_for_bit()
    {
        var audio = Audio();
        var batch = new LogMelExtractor(Features);
        int span = Features.SamplesForFrames(WindowFrames);

        var windows = Stream(audio, InputKind.LogMel);

        Assert.NotEmpty(windows);
        foreach (var (start, input, _) in windows)
        {
            var expected = batch.Extract(audio.AsSpan((int)start, span));
            Assert.Equal(WindowFrames, expected.FrameCount);
            Assert.Equal(expected.ToMelMajor(), input); // exact float equality
        }
    }

    [Fact]
    public void Waveform_windows_are_the_samples_the_window_spans()
    {
        var audio = Audio();
        int span = Features.SamplesForFrames(WindowFrames);

        var windows = Stream(audio, InputKind.Waveform, seed: 11);

        Assert.NotEmpty(windows);
        foreach (var (start, input, _) in windows)
            Assert.Equal(audio.AsSpan((int)start, span).ToArray(), input);
    }

    [Fact]
    public void Windows_come_every_hop_frames_from_the_first_full_window()
    {
        var audio = Audio();
        int frames = Features.FrameCount(audio.Length);

        var starts = Stream(audio, InputKind.LogMel).Select(w => w.Start).ToArray();

        int expectedCount = (frames - WindowFrames) / HopFrames + 1;
        Assert.Equal(Enumerable.Range(0, expectedCount).Select(k => (long)k * HopFrames * Features.HopLength), starts);
    }

    [Fact]
    public void Level_is_the_rms_of_the_window_in_dbfs()
    {
        int span = Features.SamplesForFrames(WindowFrames);
        var audio = new float[span * 3];
        audio.AsSpan(0, span * 2).Fill(0.5f);           // constant 0.5: exactly -6.02 dBFS
        var window = new FeatureWindow(Features, WindowFrames, WindowFrames, InputKind.LogMel, audio.Length);
        var extractor = new StreamingLogMelExtractor(Features);
        var levels = new List<(long Start, double Level)>();

        window.AppendSamples(audio);
        extractor.Push(audio, (frame, index) => { if (window.AddFrame(frame, index)) levels.Add((window.StartSample, window.LevelDbfs)); });

        var first = levels[0];
        Assert.Equal(0, first.Start);
        Assert.Equal(20 * Math.Log10(0.5), first.Level, 1e-9);
        // A window that reaches into the zeros: its mean square is the loud share times 0.25.
        var partial = levels.First(w => w.Start + span > span * 2);
        double loudShare = (span * 2 - partial.Start) / (double)span;
        Assert.Equal(10 * Math.Log10(0.25 * loudShare), partial.Level, 1e-9);
    }

    [Fact]
    public void Digital_silence_reports_the_silence_floor()
    {
        var silence = new float[Features.SamplesForFrames(WindowFrames)];
        var window = new FeatureWindow(Features, WindowFrames, HopFrames, InputKind.LogMel, silence.Length);
        var extractor = new StreamingLogMelExtractor(Features);
        double? level = null;

        window.AppendSamples(silence);
        extractor.Push(silence, (frame, index) => { if (window.AddFrame(frame, index)) level = window.LevelDbfs; });

        Assert.Equal(SignalLevel.FloorDbfs, level);
    }

    [Fact]
    public void Reset_restarts_the_window_at_sample_zero()
    {
        var audio = Audio()[..20000];
        var window = new FeatureWindow(Features, WindowFrames, HopFrames, InputKind.LogMel, audio.Length);
        var extractor = new StreamingLogMelExtractor(Features);
        var firstInputs = new List<float[]>();
        void Run()
        {
            window.AppendSamples(audio);
            extractor.Push(audio, (frame, index) =>
            {
                if (!window.AddFrame(frame, index)) return;
                var input = new float[window.InputLength];
                window.WriteInput(input);
                firstInputs.Add(input);
            });
        }

        Run();
        int perRun = firstInputs.Count;
        window.Reset();
        extractor.Reset();
        Run();

        Assert.Equal(2 * perRun, firstInputs.Count);
        Assert.Equal(firstInputs[0], firstInputs[perRun]);
    }

    [Fact]
    public void Refuses_a_centred_configuration_and_chunks_larger_than_it_was_sized_for()
    {
        var centred = Features with { Center = true };
        var error = Assert.Throws<ArgumentException>(() => new FeatureWindow(centred, WindowFrames, HopFrames, InputKind.LogMel, MaxChunk));
        Assert.Contains("center=false", error.Message);

        var window = new FeatureWindow(Features, WindowFrames, HopFrames, InputKind.LogMel, 100);
        Assert.Throws<ArgumentException>(() => window.AppendSamples(new float[101]));
    }

    [Fact]
    public void Refuses_frames_out_of_order()
    {
        var window = new FeatureWindow(Features, WindowFrames, HopFrames, InputKind.LogMel, MaxChunk);
        window.AppendSamples(new float[MaxChunk]);
        Assert.Throws<InvalidOperationException>(() => window.AddFrame(new float[Features.MelCount], 1));
    }

    [Fact]
    public void Adding_frames_and_writing_inputs_allocates_nothing()
    {
        var audio = Audio();
        var window = new FeatureWindow(Features, WindowFrames, HopFrames, InputKind.LogMel, 1600);
        var extractor = new StreamingLogMelExtractor(Features);
        var input = new float[window.InputLength];
        FrameHandler onFrame = (frame, index) => { if (window.AddFrame(frame, index)) window.WriteInput(input); };

        long bytes = Allocations.SteadyStateBytes(() =>
        {
            window.Reset();
            extractor.Reset();
            for (int at = 0; at + 1600 <= audio.Length; at += 1600)
            {
                window.AppendSamples(audio.AsSpan(at, 1600));
                extractor.Push(audio.AsSpan(at, 1600), onFrame);
            }
        });

        Assert.Equal(0, bytes);
        Assert.True(window.WindowsDue > 5);
    }
}
