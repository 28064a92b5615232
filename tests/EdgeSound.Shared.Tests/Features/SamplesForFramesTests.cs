using EdgeSound.Shared.Features;
using Xunit;

namespace EdgeSound.Shared.Tests.Features;

public class SamplesForFramesTests
{
    public static TheoryData<bool, int> Configs() => new() { { false, 1024 }, { true, 1024 }, { false, 400 }, { true, 400 } };

    [Theory]
    [MemberData(nameof(Configs))]
    public void Is_the_fewest_samples_that_give_that_many_frames(bool center, int windowLength)
    {
        var config = FeatureConfig.Default with { Center = center, WindowLength = windowLength };
        foreach (int frames in new[] { 1, 2, 31, 128, 247 })
        {
            int samples = config.SamplesForFrames(frames);
            Assert.Equal(frames, config.FrameCount(samples));
            Assert.Equal(frames - 1, config.FrameCount(samples - 1));
        }
    }

    [Fact]
    public void A_window_of_the_default_128_frames_spans_2_6_seconds()
    {
        Assert.Equal(127 * 320 + 1024, FeatureConfig.Default.SamplesForFrames(128));
        Assert.Throws<ArgumentOutOfRangeException>(() => FeatureConfig.Default.SamplesForFrames(0));
    }

    [Fact]
    public void A_window_too_long_for_one_buffer_is_refused_instead_of_wrapping()
    {
        // 10 million frames of 320 samples would wrap an int to a negative (then 1-sample) window.
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => FeatureConfig.Default.SamplesForFrames(10_000_000));
        Assert.Contains("more than one buffer can hold", error.Message);
    }
}
