using EdgeSound.Shared.Data;
using EdgeSound.Shared.Features;
using EdgeSound.Shared.Models;
using EdgeSound.Shared.Windowing;
using EdgeSound.Trainer.Data;
using EdgeSound.Trainer.Models;

namespace EdgeSound.Trainer.Tests.Training;

/// <summary>A training set and model small enough to train for a few epochs in a unit test: three tones, a tiny waveform CNN.</summary>
internal static class TinyTraining
{
    public static readonly WindowGeometry Geometry = new(FeatureConfig.Default, windowFrames: 16, hopFrames: 8);

    public static ModelInputBuilder Builder => new(Geometry, InputKind.Waveform);

    /// <summary>Six 1-s clips, two of each of three tones (class = tone).</summary>
    public static List<LoadedClip> Tones() => Enumerable.Range(0, 6).Select(i =>
    {
        var samples = new float[16000];
        for (int s = 0; s < samples.Length; s++) samples[s] = 0.3f * MathF.Sin(2 * MathF.PI * (300 + 400 * (i % 3)) * s / 16000f);
        return new LoadedClip(new ClipRecord($"/x/{i}.wav", $"{i}.wav", i % 3, $"c{i % 3}", 2, null), samples);
    }).ToList();

    public static ModelSpec Cnn(int channels) => ModelSpec.ForWaveform(Architecture.Cnn, 3, Geometry.SpanSamples) with { BaseChannels = channels, FcSize = 8 };

    public static TrainingBatchSampler Sampler() => new(Tones(), Builder, new AugmentationOptions(), 3, seed: 9);
}
