using EdgeSound.Shared.Models;
using EdgeSound.Shared.Randomness;
using EdgeSound.Shared.Windowing;
using EdgeSound.Trainer.Data;
using EdgeSound.Trainer.Study;

namespace EdgeSound.Trainer.Quantization;

/// <summary>One calibration window: which clip, its fold, and the frame it starts at.</summary>
public sealed record CalibrationWindow(string ClipName, int Fold, int StartFrame);

/// <summary>The calibration inputs and the windows they were cut from (same order).</summary>
public sealed record CalibrationSet(CalibrationData Data, IReadOnlyList<CalibrationWindow> Windows);

/// <summary>
/// Picks calibration windows the way the device will see audio: each clip is cut by the shared
/// scoring plan with the model's own feature configuration and window, and turned into model
/// inputs by the trainer's <see cref="ModelInputBuilder"/>; up to N windows are drawn with a
/// seeded generator (the same N and seed give the same windows). Only training clips may calibrate:
/// a clip of the study's test fold is refused, because the test fold must not influence the model.
/// </summary>
public static class CalibrationWindowSampler
{
    /// <summary>The study's test fold, which calibration never reads.</summary>
    public static int TestFold { get; } = new StudySettings().TestFold;

    /// <summary>Up to <paramref name="maxWindows"/> windows of <paramref name="clips"/> as inputs for the model described by <paramref name="metadata"/>.</summary>
    /// <exception cref="InvalidOperationException">A clip of the test fold was passed in.</exception>
    public static CalibrationSet Sample(IReadOnlyList<LoadedClip> clips, ModelMetadata metadata, int maxWindows, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWindows, 1);
        var leaked = clips.FirstOrDefault(c => c.Fold == TestFold);
        if (leaked is not null)
            throw new InvalidOperationException($"Protocol violation: clip {leaked.Name} of test fold {TestFold} was offered for calibration; calibrate on training folds only.");
        if (clips.Count == 0) throw new InvalidOperationException("No training clips to calibrate on.");

        var geometry = new WindowGeometry(metadata.Features, metadata.WindowFrames, metadata.HopFrames);
        var plans = new ScoringPlan[clips.Count];
        Parallel.For(0, clips.Count, i =>
            plans[i] = ScoringWindows.Plan(clips[i].Samples, geometry.Features, geometry.WindowFrames, geometry.HopFrames, clips[i].Name));

        var candidates = new List<(int Clip, int Start)>();
        for (int i = 0; i < plans.Length; i++)
            foreach (var start in plans[i].Starts) candidates.Add((i, start));

        // Partial Fisher-Yates: the first `take` entries become a uniform seeded sample without repeats.
        var random = new SplitMix64(seed);
        int take = Math.Min(maxWindows, candidates.Count);
        for (int i = 0; i < take; i++)
        {
            int j = i + (int)random.NextBelow((ulong)(candidates.Count - i));
            (candidates[i], candidates[j]) = (candidates[j], candidates[i]);
        }
        var chosen = candidates.Take(take).Order().ToArray();

        var builder = new ModelInputBuilder(geometry, metadata.InputKind);
        int row = builder.RowLength;
        if (row != metadata.InputLength)
            throw new InvalidOperationException($"The model reads {metadata.InputLength} floats per window, the input builder makes {row}.");
        var inputs = new float[(long)take * row];
        var windows = new CalibrationWindow[take];
        for (int w = 0; w < take; w++)
        {
            var (clip, start) = chosen[w];
            var samples = plans[clip].Samples.AsSpan(geometry.SampleOfFrame(start), geometry.SpanSamples);
            builder.Build(samples, inputs.AsSpan(w * row, row));
            windows[w] = new CalibrationWindow(clips[clip].Name, clips[clip].Fold, start);
        }
        return new CalibrationSet(new CalibrationData(ModelMetadata.InputName, metadata.InputShape, inputs, take), windows);
    }
}
