using EdgeSound.Shared.Models;
using EdgeSound.Shared.Windowing;

namespace EdgeSound.Trainer.Data;

/// <summary>One training batch: inputs [Count, RowLength] and soft targets [Count, ClassCount].</summary>
public sealed record TrainingBatch(float[] Inputs, float[] Targets, int Count);

/// <summary>
/// Draws augmented training windows: each epoch visits every training clip
/// <c>windowsPerClip</c> times in a seeded random order; each visit is a random crop that is not
/// mostly digital silence (of the clip played at a random speed, when speed perturbation is on),
/// with padding masked by noise, random gain, optional mixing with another
/// clip (soft labels), additive noise, and on log-mel input FilterAugment (when switched on) and
/// SpecAugment masks.
/// </summary>
public sealed class TrainingBatchSampler
{
    private readonly IReadOnlyList<LoadedClip> _clips;
    // Per clip, per speed (index 0 alone when speed perturbation is off): the samples and their crop starts.
    private readonly float[][][] _sources;
    private readonly int[][][] _cropStarts;
    private readonly ModelInputBuilder _builder;
    private readonly AugmentationOptions _augment;
    private readonly int _classCount;
    private readonly Random _random;
    private readonly float[] _window;
    private readonly float[] _other;

    public TrainingBatchSampler(IReadOnlyList<LoadedClip> clips, ModelInputBuilder builder, AugmentationOptions augment, int classCount, int seed)
    {
        if (clips.Count == 0) throw new ArgumentException("No training clips.", nameof(clips));
        _clips = clips;
        _builder = builder;
        _augment = augment;
        _classCount = classCount;
        // System.Random with a seed uses a fixed algorithm on every .NET version and platform, so a
        // fold's augmentation is the same in every run (what --resume relies on).
        _random = new Random(seed);
        _window = new float[builder.Geometry.SpanSamples];
        _other = new float[builder.Geometry.SpanSamples];
        var speeds = SpeedPerturbation.Speeds(augment.SpeedChange);
        _sources = new float[clips.Count][][];
        _cropStarts = new int[clips.Count][][];
        // Each clip is resampled once per speed here, not per crop: a crop then costs a copy, as without it.
        Parallel.For(0, clips.Count, c =>
        {
            _sources[c] = speeds.Select(speed => speed == 1.0 ? clips[c].Samples : SpeedPerturbation.Apply(clips[c].Samples, speed)).ToArray();
            _cropStarts[c] = _sources[c].Select(samples => CropStarts(samples, builder.Geometry)).ToArray();
        });
    }

    /// <summary>
    /// The crop starts (every frame hop, whole windows only) that the shared rule lets teach a class:
    /// crops that are not mostly padding, or the least silent one.
    /// </summary>
    private static int[] CropStarts(float[] samples, WindowGeometry geometry)
    {
        int span = geometry.SpanSamples, hop = geometry.Features.HopLength;
        if (samples.Length <= span) return [0];
        var candidates = new List<int>();
        for (int start = 0; start + span <= samples.Length; start += hop) candidates.Add(start);
        return [.. DigitalSilence.UsableWindowStarts(samples, span, candidates)];
    }

    /// <summary>The batches of one epoch, in a fresh random order.</summary>
    public IEnumerable<TrainingBatch> Epoch(int batchSize, int windowsPerClip)
    {
        var order = new int[_clips.Count * windowsPerClip];
        for (int i = 0; i < order.Length; i++) order[i] = i % _clips.Count;
        _random.Shuffle(order);
        for (int first = 0; first < order.Length; first += batchSize)
        {
            int count = Math.Min(batchSize, order.Length - first);
            // A batch of one breaks BatchNorm's training statistics: that last lone window is left out
            // of this epoch (the shuffle puts a different window last next epoch).
            if (count == 1 && first > 0) yield break;
            yield return MakeBatch(order.AsSpan(first, count));
        }
    }

    private TrainingBatch MakeBatch(ReadOnlySpan<int> clipIndices)
    {
        int row = _builder.RowLength;
        var inputs = new float[clipIndices.Length * row];
        var targets = new float[clipIndices.Length * _classCount];
        for (int b = 0; b < clipIndices.Length; b++)
        {
            Crop(clipIndices[b], _window);
            float mix = 1f;
            if (_random.NextDouble() < _augment.MixProbability)
            {
                int otherIndex = _random.Next(_clips.Count);
                var other = _clips[otherIndex];
                Crop(otherIndex, _other);
                mix = (float)_random.NextDouble();
                MixInto(_window, _other, mix);
                targets[b * _classCount + other.ClassIndex] += 1f - mix;
            }
            targets[b * _classCount + _clips[clipIndices[b]].ClassIndex] += mix;
            ApplyGain(_window);
            AddNoise(_window);
            var dest = inputs.AsSpan(b * row, row);
            _builder.Build(_window, dest);
            if (_builder.Kind == InputKind.LogMel)
            {
                // Off (0 dB) draws nothing from the random stream, so runs without it stay as they were.
                if (_augment.FilterGainDb > 0)
                    FilterAugment.Apply(dest, _builder.Geometry.Features.MelCount, _builder.Geometry.WindowFrames, _augment.FilterGainDb, _random);
                SpecAugment(dest);
            }
        }
        return new TrainingBatch(inputs, targets, clipIndices.Length);
    }

    /// <summary>
    /// A random window of the clip that is not mostly padding (a random allowed start plus a random
    /// shift within one hop, so crops are not locked to the frame grid; the shift can add up to one
    /// hop of padding beyond the allowed half), with its padding masked by noise.
    /// </summary>
    private void Crop(int clipIndex, float[] window)
    {
        // With one speed (perturbation off) nothing is drawn, so such runs keep their random stream.
        int speed = _sources[clipIndex].Length == 1 ? 0 : _random.Next(_sources[clipIndex].Length);
        var samples = _sources[clipIndex][speed];
        var starts = _cropStarts[clipIndex][speed];
        Array.Clear(window);
        if (samples.Length <= window.Length)
        {
            samples.CopyTo(window.AsSpan());
        }
        else
        {
            int start = starts[_random.Next(starts.Length)] + _random.Next(_builder.Geometry.Features.HopLength);
            start = Math.Min(start, samples.Length - window.Length);
            samples.AsSpan(start, window.Length).CopyTo(window);
        }
        DigitalSilence.MaskWithNoise(window, (ulong)_random.NextInt64());
    }

    private static void MixInto(float[] window, float[] other, float mix)
    {
        for (int i = 0; i < window.Length; i++) window[i] = mix * window[i] + (1f - mix) * other[i];
    }

    private void ApplyGain(float[] window)
    {
        if (_augment.GainDb <= 0) return;
        float gain = (float)Math.Pow(10, (_random.NextDouble() * 2 - 1) * _augment.GainDb / 20);
        for (int i = 0; i < window.Length; i++) window[i] *= gain;
    }

    private void AddNoise(float[] window)
    {
        if (_random.NextDouble() >= _augment.NoiseProbability) return;
        double power = 0;
        foreach (var s in window) power += s * s;
        double rms = Math.Sqrt(power / window.Length);
        double snr = _augment.SnrDbMin + _random.NextDouble() * (_augment.SnrDbMax - _augment.SnrDbMin);
        // Uniform noise of this half-width has the wanted RMS (variance of U(-a, a) is a^2/3).
        float halfWidth = (float)(rms * Math.Pow(10, -snr / 20) * Math.Sqrt(3));
        for (int i = 0; i < window.Length; i++) window[i] += halfWidth * (float)(_random.NextDouble() * 2 - 1);
    }

    /// <summary>SpecAugment: masks of random frequency bands and time spans, filled with the window's mean.</summary>
    private void SpecAugment(Span<float> melMajor)
    {
        int mels = _builder.Geometry.Features.MelCount, frames = _builder.Geometry.WindowFrames;
        float mean = 0;
        foreach (var v in melMajor) mean += v;
        mean /= melMajor.Length;
        for (int m = 0; m < _augment.FrequencyMasks; m++)
        {
            int width = _random.Next(_augment.FrequencyMaskMaxWidth + 1);
            int start = _random.Next(Math.Max(1, mels - width + 1));
            for (int f = start; f < Math.Min(mels, start + width); f++) melMajor.Slice(f * frames, frames).Fill(mean);
        }
        for (int m = 0; m < _augment.TimeMasks; m++)
        {
            int width = _random.Next(_augment.TimeMaskMaxWidth + 1);
            int start = _random.Next(Math.Max(1, frames - width + 1));
            for (int f = 0; f < mels; f++) melMajor.Slice(f * frames + start, Math.Min(width, frames - start)).Fill(mean);
        }
    }
}
