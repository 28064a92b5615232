using EdgeSound.Shared.Features;
using EdgeSound.Shared.Windowing;
using Xunit;

namespace EdgeSound.Shared.Tests.Windowing;

public class ScoringWindowsTests
{
    private static readonly FeatureConfig Config = FeatureConfig.Default; // hop 320, FFT 1024, not centred

    // Samples a window of frames spans: each frame reads FftSize samples, frames step by the hop.
    private static int Span(int frames) => (frames - 1) * Config.HopLength + Config.FftSize;


    [Fact]
    public void A_clip_of_sound_scores_every_sliding_window()
    {
        var audio = Enumerable.Range(0, 80000).Select(i => MathF.Sin(i * 0.05f) + 1.5f).ToArray();
        var starts = ScoringWindows.Starts(audio, Config, windowFrames: 128, hopFrames: 25);
        Assert.Equal(SlidingWindows.Starts(Config.FrameCount(audio.Length), 128, 25), starts);
    }

    [Fact]
    public void Windows_that_are_mostly_zero_padding_are_not_scored()
    {
        // 1.5 s of sound, then 3.5 s of exact zeros (how ESC pads short recordings).
        var audio = new float[80000];
        for (int i = 0; i < 24000; i++) audio[i] = 0.5f;
        var starts = ScoringWindows.Starts(audio, Config, 128, 25);

        Assert.NotEmpty(starts);
        foreach (var start in starts)
        {
            var window = audio.AsSpan(start * Config.HopLength, Span(128)).ToArray();
            Assert.True(window.Count(s => s == 0f) <= 0.5 * window.Length);
        }
        Assert.True(starts.Length < SlidingWindows.Count(Config.FrameCount(audio.Length), 128, 25));
    }

    [Fact]
    public void An_all_silent_clip_still_gets_its_least_silent_window()
    {
        var audio = new float[80000];
        audio[79000] = 0.1f;
        var starts = ScoringWindows.Starts(audio, Config, 128, 25);
        Assert.Single(starts);
        Assert.Equal(SlidingWindows.Starts(Config.FrameCount(audio.Length), 128, 25)[^1], starts[0]);
    }

    [Fact]
    public void A_plan_pads_short_clips_masks_padding_and_is_reproducible()
    {
        var audio = new float[10000];
        for (int i = 0; i < 5000; i++) audio[i] = 0.3f;
        var plan = ScoringWindows.Plan(audio, Config, 128, 25, "1-100-A-0.wav");
        var again = ScoringWindows.Plan(audio, Config, 128, 25, "1-100-A-0.wav");

        Assert.Equal(Span(128), plan.Samples.Length);
        Assert.Equal([0], plan.Starts);
        Assert.DoesNotContain(0f, plan.Samples);
        Assert.Equal(audio.AsSpan(0, 5000).ToArray(), plan.Samples.AsSpan(0, 5000).ToArray());
        Assert.Equal(plan.Samples, again.Samples);
        Assert.NotEqual(plan.Samples, ScoringWindows.Plan(audio, Config, 128, 25, "other.wav").Samples);
    }
}
