using EdgeSound.Shared.Windowing;

namespace EdgeSound.Trainer.Data;

/// <summary>One training batch: inputs [Count, RowLength] and soft targets [Count, ClassCount].</summary>
public sealed record TrainingBatch(float[] Inputs, float[] Targets, int Count);

/// <summary>
/// Draws augmented training windows: each epoch visits every training clip
/// <c>windowsPerClip</c> times in a seeded random order; each visit is a random crop that is not
/// mostly digital silence, with padding masked by noise, random gain, optional mixing with another
/// clip (soft labels), additive noise, and SpecAugment masks on log-mel input.
/// </summary>
public sealed class TrainingBatchSampler
{
    private const int CropAttempts = 16;
    private readonly IReadOnlyList<LoadedClip> _clips;
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
            // A batch of one breaks BatchNorm's training statistics: fold it into the previous batch.
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
            var clip = _clips[clipIndices[b]];
            Crop(clip, _window);
            float mix = 1f;
            if (_random.NextDouble() < _augment.MixProbability)
            {
                var other = _clips[_random.Next(_clips.Count)];
                Crop(other, _other);
                mix = (float)_random.NextDouble();
                MixInto(_window, _other, mix);
                targets[b * _classCount + other.ClassIndex] += 1f - mix;
            }
            targets[b * _classCount + clip.ClassIndex] += mix;
            ApplyGain(_window);
            AddNoise(_window);
            var dest = inputs.AsSpan(b * row, row);
            _builder.Build(_window, dest);
            if (_builder.Kind == Models.InputKind.LogMel) SpecAugment(dest);
        }
        return new TrainingBatch(inputs, targets, clipIndices.Length);
    }

    /// <summary>A random window of the clip that is not mostly padding, with its padding masked by noise.</summary>
    private void Crop(LoadedClip clip, float[] window)
    {
        int span = window.Length;
        var samples = clip.Samples;
        Array.Clear(window);
        if (samples.Length <= span)
        {
            samples.CopyTo(window.AsSpan());
        }
        else
        {
            int best = 0;
            double bestFraction = double.MaxValue;
            for (int attempt = 0; attempt < CropAttempts; attempt++)
            {
                int start = _random.Next(samples.Length - span + 1);
                double fraction = DigitalSilence.ZeroFraction(samples.AsSpan(start, span));
                if (fraction < bestFraction) { bestFraction = fraction; best = start; }
                if (fraction <= DigitalSilence.DefaultMaxZeroFraction) break;
            }
            samples.AsSpan(best, span).CopyTo(window);
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
