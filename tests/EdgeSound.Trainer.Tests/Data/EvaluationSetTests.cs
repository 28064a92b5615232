using EdgeSound.Shared.Models;
using EdgeSound.Shared.Data;
using EdgeSound.Shared.Features;
using EdgeSound.Shared.Windowing;
using EdgeSound.Trainer.Data;
using EdgeSound.Trainer.Models;
using Xunit;

namespace EdgeSound.Trainer.Tests.Data;

public class EvaluationSetTests
{
    [Fact]
    public void Windows_match_the_streaming_extractor_frames_cut_by_the_shared_windowing()
    {
        var config = FeatureConfig.Default;
        var geometry = new WindowGeometry(config, windowFrames: 32, hopFrames: 10);
        var random = new Random(4);
        var samples = Enumerable.Range(0, 16000 * 2).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var clip = new LoadedClip(new ClipRecord("/x/a.wav", "a.wav", 0, "a", 2, null), samples);

        var set = EvaluationSet.Build([clip], new ModelInputBuilder(geometry, InputKind.LogMel));

        // The device's path: stream the clip, collect frames, cut windows with the shared code.
        var frames = new List<float[]>();
        var streaming = new StreamingLogMelExtractor(config);
        streaming.Push(samples, (frame, _) => frames.Add(frame.ToArray()));
        var frameMajor = frames.SelectMany(f => f).ToArray();
        var starts = SlidingWindows.Starts(frames.Count, 32, 10);
        Assert.Equal(starts.Length, set.WindowCount);
        var expected = new float[config.MelCount * 32];
        for (int w = 0; w < starts.Length; w++)
        {
            // The model's mel-major layout, [mel, frame], written out independently of MelMajorLayout.
            for (int t = 0; t < 32; t++)
                for (int m = 0; m < config.MelCount; m++)
                    expected[m * 32 + t] = frameMajor[(starts[w] + t) * config.MelCount + m];
            Assert.Equal(expected, set.Inputs.AsSpan(w * set.RowLength, set.RowLength).ToArray());
        }
    }

    [Fact]
    public void Each_clip_owns_a_contiguous_range_of_windows()
    {
        var geometry = new WindowGeometry(FeatureConfig.Default, 32, 16);
        var clips = new[] { 16000, 48000, 4000 }.Select((n, i) =>
            new LoadedClip(new ClipRecord($"/x/{i}.wav", $"{i}.wav", 0, "a", 2, null), Enumerable.Repeat(0.1f, n).ToArray())).ToList();

        var set = EvaluationSet.Build(clips, new ModelInputBuilder(geometry, InputKind.Waveform));

        Assert.Equal(0, set.WindowOffsets[0]);
        for (int i = 0; i < clips.Count; i++)
        {
            var plan = ScoringWindows.Plan(clips[i].Samples, geometry.Features, 32, 16, clips[i].Name);
            Assert.Equal(plan.Starts.Length, set.WindowOffsets[i + 1] - set.WindowOffsets[i]);
        }
        Assert.Equal(geometry.SpanSamples, set.RowLength);
    }
}
