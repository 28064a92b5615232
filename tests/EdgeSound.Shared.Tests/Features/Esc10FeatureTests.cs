using EdgeSound.Shared.Audio;
using EdgeSound.Shared.Data;
using EdgeSound.Shared.Features;
using EdgeSound.Shared.Tests.Support;
using Xunit;

namespace EdgeSound.Shared.Tests.Features;

public class Esc10FeatureTests
{
    [SkippableFact]
    public void Every_esc10_clip_yields_finite_features_of_the_expected_shape()
    {
        var index = Esc50DatasetReader.Read(Esc10Data.RootOrSkip(), EscSubset.Esc10);
        var config = FeatureConfig.Default;
        int expectedSamples = 5 * config.SampleRate;
        int expectedFrames = config.FrameCount(expectedSamples);
        Assert.Equal(400, index.Clips.Count);

        Parallel.ForEach(index.Clips, () => new LogMelExtractor(config), (clip, _, extractor) =>
        {
            var samples = AudioFileLoader.Load(clip.AudioPath, config.SampleRate);
            Assert.True(samples.Length == expectedSamples, $"{clip.FileName}: {samples.Length} samples at 16 kHz, expected {expectedSamples}");
            var features = extractor.Extract(samples);
            Assert.Equal(expectedFrames, features.FrameCount);
            Assert.Equal(config.MelCount, features.MelCount);
            foreach (var v in features.Data)
                Assert.True(float.IsFinite(v), $"{clip.FileName}: non-finite feature {v}");
            return extractor;
        }, _ => { });
    }
}
