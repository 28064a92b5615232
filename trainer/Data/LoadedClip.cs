using EdgeSound.Shared.Data;

namespace EdgeSound.Trainer.Data;

/// <summary>A dataset clip in memory, resampled to the model's rate.</summary>
public sealed record LoadedClip(ClipRecord Record, float[] Samples)
{
    public int ClassIndex => Record.ClassIndex;
    public int Fold => Record.Fold;
    public string Name => Record.FileName;
}
