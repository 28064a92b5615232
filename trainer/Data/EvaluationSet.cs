using EdgeSound.Shared.Windowing;

namespace EdgeSound.Trainer.Data;

/// <summary>
/// The model inputs of every scored window of a set of clips, built once (they do not change
/// between epochs). Windows are the shared scoring plan's; with center=false a window's own log-mel
/// equals the clip's frames at that offset, so this matches the device's streaming frames exactly.
/// </summary>
public sealed class EvaluationSet
{
    private EvaluationSet(IReadOnlyList<LoadedClip> clips, float[] inputs, int[] windowOffsets, int rowLength)
    {
        Clips = clips;
        Inputs = inputs;
        WindowOffsets = windowOffsets;
        RowLength = rowLength;
    }

    public IReadOnlyList<LoadedClip> Clips { get; }

    /// <summary>All windows' inputs, row-major [WindowCount, RowLength].</summary>
    public float[] Inputs { get; }

    /// <summary>Clip i owns windows [WindowOffsets[i], WindowOffsets[i+1]).</summary>
    public int[] WindowOffsets { get; }

    public int RowLength { get; }
    public int WindowCount => WindowOffsets[^1];

    public static EvaluationSet Build(IReadOnlyList<LoadedClip> clips, ModelInputBuilder builder)
    {
        var geometry = builder.Geometry;
        var plans = new ScoringPlan[clips.Count];
        Parallel.For(0, clips.Count, i =>
            plans[i] = ScoringWindows.Plan(clips[i].Samples, geometry.Features, geometry.WindowFrames, geometry.HopFrames, clips[i].Name));

        var offsets = new int[clips.Count + 1];
        for (int i = 0; i < clips.Count; i++) offsets[i + 1] = offsets[i] + plans[i].Starts.Length;
        int row = builder.RowLength;
        var inputs = new float[(long)offsets[^1] * row];

        Parallel.For(0, clips.Count, () => new ModelInputBuilder(geometry, builder.Kind), (i, _, local) =>
        {
            var plan = plans[i];
            for (int w = 0; w < plan.Starts.Length; w++)
            {
                var window = plan.Samples.AsSpan(geometry.SampleOfFrame(plan.Starts[w]), geometry.SpanSamples);
                local.Build(window, inputs.AsSpan((offsets[i] + w) * row, row));
            }
            return local;
        }, _ => { });
        return new EvaluationSet(clips, inputs, offsets, row);
    }
}
