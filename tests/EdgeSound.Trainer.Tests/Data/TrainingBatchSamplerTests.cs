using EdgeSound.Shared.Models;
using EdgeSound.Shared.Data;
using EdgeSound.Shared.Features;
using EdgeSound.Shared.Windowing;
using EdgeSound.Trainer.Data;
using EdgeSound.Trainer.Models;
using Xunit;

namespace EdgeSound.Trainer.Tests.Data;

public class TrainingBatchSamplerTests
{
    private static readonly WindowGeometry Geometry = new(FeatureConfig.Default, windowFrames: 32, hopFrames: 8);

    /// <summary>Clips of 2 s: class c is a tone in the first 0.5 s, then exact zeros (ESC-style padding).</summary>
    private static List<LoadedClip> PaddedClips(int classes, int perClass)
    {
        var clips = new List<LoadedClip>();
        for (int c = 0; c < classes; c++)
        for (int k = 0; k < perClass; k++)
        {
            var samples = new float[32000];
            for (int i = 0; i < 8000; i++) samples[i] = 0.3f * MathF.Sin(2 * MathF.PI * (300 + 200 * c) * i / 16000f);
            clips.Add(new LoadedClip(new ClipRecord($"/x/{c}-{k}.wav", $"{c}-{k}.wav", c, $"c{c}", 2, null), samples));
        }
        return clips;
    }

    private static TrainingBatchSampler Sampler(List<LoadedClip> clips, InputKind kind, AugmentationOptions augment, int seed) =>
        new(clips, new ModelInputBuilder(Geometry, kind), augment, classCount: 3, seed);

    [Fact]
    public void Every_clip_is_visited_windows_per_clip_times_and_soft_targets_sum_to_one()
    {
        var clips = PaddedClips(3, 4);
        var batches = Sampler(clips, InputKind.LogMel, new AugmentationOptions(), seed: 1).Epoch(batchSize: 5, windowsPerClip: 2).ToList();

        Assert.Equal(24, batches.Sum(b => b.Count));
        var builder = new ModelInputBuilder(Geometry, InputKind.LogMel);
        foreach (var batch in batches)
        {
            Assert.Equal(batch.Count * builder.RowLength, batch.Inputs.Length);
            for (int i = 0; i < batch.Count; i++)
                Assert.Equal(1f, batch.Targets.AsSpan(i * 3, 3).ToArray().Sum(), 5);
            Assert.All(batch.Inputs, v => Assert.True(float.IsFinite(v)));
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_batches_and_another_seed_does_not()
    {
        var clips = PaddedClips(3, 2);
        var a = Sampler(clips, InputKind.Waveform, new AugmentationOptions(), 7).Epoch(4, 1).ToList();
        var b = Sampler(clips, InputKind.Waveform, new AugmentationOptions(), 7).Epoch(4, 1).ToList();
        var c = Sampler(clips, InputKind.Waveform, new AugmentationOptions(), 8).Epoch(4, 1).ToList();
        Assert.Equal(a.SelectMany(x => x.Inputs), b.SelectMany(x => x.Inputs));
        Assert.NotEqual(a.SelectMany(x => x.Inputs), c.SelectMany(x => x.Inputs));
    }

    [Fact]
    public void Training_windows_avoid_padding_and_carry_no_digital_silence()
    {
        // Windows span 0.64 s; each clip has 0.5 s of sound then 1.5 s of zeros, so most random
        // crops would be mostly padding: the sampler must find the sound and mask what padding is left.
        var clips = PaddedClips(3, 3);
        foreach (var batch in Sampler(clips, InputKind.Waveform, AugmentationOptions.None, 3).Epoch(3, 3))
        for (int i = 0; i < batch.Count; i++)
        {
            var window = batch.Inputs.AsSpan(i * Geometry.SpanSamples, Geometry.SpanSamples);
            int loud = 0, zeros = 0;
            foreach (var s in window) if (s == 0f) zeros++;
            Assert.Equal(0, zeros);
            foreach (var s in window) if (MathF.Abs(s) > 0.01f) loud++;
            // At least half the window is sound (a sine dips below the threshold near its zero crossings).
            Assert.True(loud > 0.45 * window.Length, $"window {i} is mostly padding ({loud} loud samples of {window.Length})");
        }
    }

    [Fact]
    public void Without_mixing_each_target_is_one_hot_on_the_clip_class()
    {
        var clips = PaddedClips(3, 1);
        var batch = Sampler(clips, InputKind.LogMel, AugmentationOptions.None, 5).Epoch(3, 1).Single();
        for (int i = 0; i < 3; i++)
        {
            var row = batch.Targets.AsSpan(i * 3, 3).ToArray();
            Assert.Single(row, v => v == 1f);
            Assert.Equal(2, row.Count(v => v == 0f));
        }
    }

    [Fact]
    public void Filter_augment_shifts_each_mel_band_of_a_window_by_one_gain()
    {
        // One clip, nothing else random but the crop: the same seed crops the same window with and
        // without the filter, so the two rows differ by the filter's response alone.
        var clips = PaddedClips(1, 1);
        var plain = Sampler(clips, InputKind.LogMel, AugmentationOptions.None, 9).Epoch(2, 2).First();
        var filtered = Sampler(clips, InputKind.LogMel, AugmentationOptions.None with { FilterGainDb = 6 }, 9).Epoch(2, 2).First();
        int mels = Geometry.Features.MelCount, frames = Geometry.WindowFrames;
        var shifts = new List<float>();
        for (int m = 0; m < mels; m++)
        {
            float shift = filtered.Inputs[m * frames] - plain.Inputs[m * frames];
            for (int f = 0; f < frames; f++)
                Assert.Equal(shift, filtered.Inputs[m * frames + f] - plain.Inputs[m * frames + f], 3);
            shifts.Add(shift);
        }
        Assert.True(shifts.Max() - shifts.Min() > 0.01, "no response was applied");
        Assert.All(shifts, s => Assert.InRange(s, -1.39f, 1.39f)); // 6 dB = 1.38 in ln units
    }

    /// <summary>A 2-s clip of class 0 with no silence in it: a tone, or seeded noise when <paramref name="hertz"/> is 0.</summary>
    private static List<LoadedClip> SoundingClip(float hertz)
    {
        var random = new Random(4);
        var samples = new float[32000];
        for (int i = 0; i < samples.Length; i++)
            samples[i] = hertz > 0 ? 0.3f * MathF.Sin(2 * MathF.PI * hertz * i / 16000f) : (float)(random.NextDouble() * 0.6 - 0.3);
        return [new LoadedClip(new ClipRecord("/x/0-0.wav", "0-0.wav", 0, "c0", 2, null), samples)];
    }

    [Fact]
    public void Without_speed_perturbation_every_crop_is_a_slice_of_the_clip()
    {
        var clips = SoundingClip(0);
        var samples = clips[0].Samples;
        int span = Geometry.SpanSamples;
        foreach (var batch in Sampler(clips, InputKind.Waveform, AugmentationOptions.None, 11).Epoch(4, 8))
        for (int i = 0; i < batch.Count; i++)
        {
            var window = batch.Inputs.AsSpan(i * span, span).ToArray();
            Assert.True(Enumerable.Range(0, samples.Length - span + 1).Any(start => samples.AsSpan(start, span).SequenceEqual(window)),
                $"window {i} is not a slice of the clip");
        }
    }

    [Fact]
    public void Speed_perturbation_plays_crops_at_several_speeds_on_the_grid()
    {
        // A 1 kHz tone: a crop played at speed r sounds at r kHz, which its zero crossings measure to
        // about 0.1% over 0.64 s.
        var clips = SoundingClip(1000);
        var grid = SpeedPerturbation.Speeds(0.15);
        var heard = new HashSet<double>();
        int span = Geometry.SpanSamples;
        foreach (var batch in Sampler(clips, InputKind.Waveform, AugmentationOptions.None with { SpeedChange = 0.15 }, 12).Epoch(4, 60))
        for (int i = 0; i < batch.Count; i++)
        {
            double hertz = ToneFrequency.Of(batch.Inputs.AsSpan(i * span, span), 16000);
            double nearest = grid.MinBy(speed => Math.Abs(speed * 1000 - hertz));
            Assert.InRange(hertz, nearest * 1000 * 0.99, nearest * 1000 * 1.01);
            heard.Add(nearest);
        }
        Assert.True(heard.Count >= 5, $"only speeds {string.Join(", ", heard.Order())} were drawn in 60 crops");
        Assert.Contains(1.0, heard);
    }
}
